/** A small table of text (a run summary's, an item's evidence): every cell shown as text, never as markup. */
export function TextTable(props: { caption?: string; columns: string[]; rows: string[][]; more?: string; class?: string }) {
  return (
    <table class={props.class}>
      {props.caption ? <caption>{props.caption}</caption> : null}
      <thead>
        <tr>
          {props.columns.map((col) => (
            <th>{col}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            {r.map((cell) => (
              <td>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
      {props.more ? (
        <tfoot>
          <tr>
            <td colspan={props.columns.length} class="muted">
              {props.more}
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}
