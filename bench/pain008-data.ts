/** The pain008 benchmark's collections, shared by its runner and its child: the i-th amount in cents (1.00 to 999.99 EUR). */
export const centsOf = (i: number) => 100 + ((i * 7919) % 99_900);
