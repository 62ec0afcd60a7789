/** A broken image structure found by png.ts, jpeg.ts or tiff.ts; image-format.ts names the file and makes it an `ImageDamaged`. */
export class StructureError extends Error {}
