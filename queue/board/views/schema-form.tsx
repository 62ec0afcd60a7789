/** The fields of a bot's input form (see `data/schema-form.ts`), with each field's errors next to it. */
import { href } from './format.js';
import { allFields, fieldText, isGroup, valueAt, type FormErrors, type FormField, type FormGroup } from '../data/schema-form.js';

function Field(props: { field: FormField; value: unknown; typed?: string; errors?: string[]; readOnly?: boolean }) {
  const { field: f, errors } = props;
  const id = `f-${f.name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const text = props.typed ?? fieldText(f, props.value ?? f.defaultValue);
  const label = f.label ?? f.path[f.path.length - 1] ?? 'input';
  // The error's own reason marks the field it is about until the person's edit has errors of its own.
  const shownErrors = errors?.length ? errors : f.flagged ? [f.flagged] : undefined;
  const describedBy = shownErrors?.length ? `${id}-err` : undefined;
  let control;
  if (f.kind === 'boolean') {
    control = <input type="checkbox" id={id} name={f.name} value="true" checked={props.value === true} disabled={props.readOnly} />;
  } else if (f.kind === 'enum') {
    control = (
      <select id={id} name={f.name} disabled={props.readOnly} aria-describedby={describedBy}>
        {f.required ? null : <option value="">—</option>}
        {(f.options ?? []).map((o) => (
          <option value={o} selected={o === text}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (f.kind === 'json') {
    control = (
      <textarea id={id} name={f.name} rows={Math.min(12, Math.max(2, text.split('\n').length))} readonly={props.readOnly} aria-describedby={describedBy} class="mono">
        {text}
      </textarea>
    );
  } else {
    control = (
      <input
        id={id}
        name={f.name}
        type={f.kind === 'text' ? 'text' : 'number'}
        step={f.kind === 'integer' ? '1' : f.kind === 'number' ? 'any' : undefined}
        value={text}
        required={f.required}
        readonly={props.readOnly}
        aria-describedby={describedBy}
        aria-invalid={shownErrors?.length ? 'true' : undefined}
      />
    );
  }
  return (
    <div class={shownErrors?.length ? 'field invalid' : 'field'}>
      <label for={id}>
        {label}
        {f.required ? '' : ' (optional)'}
        {f.hint ? <span class="muted"> · {f.hint}</span> : null}
      </label>
      {control}
      {shownErrors?.length ? (
        <span class="field-error" id={`${id}-err`}>
          {shownErrors.join('; ')}
        </span>
      ) : null}
      {(f.evidence ?? []).map((e) => (
        <figure class="field-source">
          <a href={href.evidence(e.rel)} target="_blank" rel="noopener" title="Open full size">
            <img src={href.evidence(e.rel)} alt={e.caption} />
          </a>
          <figcaption>{e.caption}</figcaption>
        </figure>
      ))}
    </div>
  );
}

function Group(props: { group: FormGroup; input: unknown; typed?: Record<string, string>; errors: FormErrors; readOnly?: boolean }) {
  const { group: g } = props;
  const inner = (
    <>
      {g.items.map((x) =>
        isGroup(x) ? (
          <Group group={x} input={props.input} typed={props.typed} errors={props.errors} readOnly={props.readOnly} />
        ) : (
          <Field field={x} value={valueAt(props.input, x.path)} typed={props.typed?.[x.name]} errors={props.errors[x.name]} readOnly={props.readOnly} />
        ),
      )}
    </>
  );
  if (g.path.length === 0) return inner;
  return (
    <fieldset class="group">
      <legend>
        {g.path.join('.')}
        {g.required ? '' : ' (optional)'}
      </legend>
      {inner}
    </fieldset>
  );
}

/**
 * The fields (no <form>: the page wraps them with its action, CSRF field and buttons). Errors not tied
 * to a field come first. `typed`: what was typed into each field (by name), shown again as it was.
 */
export function SchemaFields(props: { form: FormGroup; input: unknown; typed?: Record<string, string>; errors?: FormErrors; readOnly?: boolean }) {
  const errors = props.errors ?? {};
  const names = new Set(allFields(props.form).map((f) => f.name));
  const loose = Object.entries(errors).filter(([name]) => !names.has(name)).flatMap(([, msgs]) => msgs);
  return (
    <div class="schema-form">
      {loose.length ? (
        <p class="field-error" role="alert">
          {loose.join('; ')}
        </p>
      ) : null}
      <Group group={props.form} input={props.input} typed={props.typed} errors={errors} readOnly={props.readOnly} />
    </div>
  );
}
