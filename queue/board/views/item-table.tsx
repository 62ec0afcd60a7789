/** A table of items: business key (to the item's page), bot, status (with its exception), note, run, last change. */
import type { ItemRecord } from '../../item-index.js';
import { Badge, Time } from './components.js';
import { href } from './format.js';

export function ItemTable(props: { items: ItemRecord[]; tz: string; showRun?: boolean; openExceptions?: Map<string, { id: string; reason: string }> }) {
  return (
    <table>
      <thead>
        <tr>
          <th>Business key</th>
          <th>Bot</th>
          <th>Status</th>
          <th>Note</th>
          {props.showRun ? <th>Run</th> : null}
          <th>Updated</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((i) => {
          const open = props.openExceptions?.get(i.itemId);
          const excId = open?.id ?? (i.status === 'exception' ? i.exceptionId : undefined);
          return (
            <tr>
              <td>
                <a href={href.item(i.itemId)}>{i.businessKey}</a>
              </td>
              <td>{i.bot}</td>
              <td>
                <Badge text={i.status} />
                {excId ? (
                  <>
                    {' '}
                    <a href={href.exception(excId)}>exception</a>
                  </>
                ) : null}
              </td>
              <td>{open?.reason ?? i.note ?? ''}</td>
              {props.showRun ? (
                <td>
                  <a href={href.run(i.runId)}>{i.runId}</a>
                </td>
              ) : null}
              <td>
                <Time at={i.updatedAt} tz={props.tz} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
