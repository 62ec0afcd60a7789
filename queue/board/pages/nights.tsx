/**
 * The nights of the plans: the latest nights with their status against the deadline, and a night's
 * page: a timeline of its steps (what ran, what is forecast) against the deadline, the forecast and
 * what would bring it back, each step with its run, and the morning summary a head of operations
 * reads at 06:00. Operators start a failed or stopped step again (audited).
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { wallClock } from '../../../banking/index.js';
import { ownKeys } from '../../keys.js';
import { forecastNight, moneyText, PlanBook, resolvePlan, restartStep, StepNotRestartable, stepsNotRunText, stepTotals, type MorningSummary, type NightForecast, type NightState, type OutcomeCounts } from '../../plans/index.js';
import { hasRole } from '../../actor.js';
import type { BoardEnv, RouteSpec } from '../routes.js';
import { Badge, Notice, Time } from '../views/components.js';
import { formatAge, href } from '../views/format.js';
import { CsrfField } from '../views/layout.js';
import { actorOf, EVERYONE, OPERATORS, page, refusal, timeZone } from './common.js';

const STATE_KIND: Record<string, string> = { succeeded: 'ok', partial: 'warn', failed: 'bad', stopped: 'bad', running: 'warn', waiting: '' };

const book = (c: Context<BoardEnv>) => new PlanBook(c.var.services.rt.redis, ownKeys(c.var.services.rt.prefix));

async function forecastOf(c: Context<BoardEnv>, state: NightState): Promise<NightForecast | undefined> {
  const { rt } = c.var.services;
  const config = rt.config.plans.find((p) => p.name === state.night.plan);
  return config && !state.night.endedAt ? forecastNight(rt, resolvePlan(rt.config, config), state) : undefined;
}

function verdict(state: NightState, f: NightForecast | undefined): { text: string; kind: string } {
  const { night } = state;
  if (night.endedAt) return night.endedAt <= night.deadlineAt ? { text: 'ended on time', kind: 'ok' } : { text: 'ended late', kind: 'bad' };
  if (!f) return { text: 'under way', kind: 'warn' };
  return f.late ? { text: 'forecast late', kind: 'bad' } : { text: 'on time (forecast)', kind: 'ok' };
}

/** The steps on a time axis from the night's start to past its deadline: solid what ran, light what is forecast; the deadline a red line. */
function Timeline(props: { state: NightState; forecast?: NightForecast; tz: string; now: number }): Child {
  const { night, steps } = props.state;
  const rows = Object.keys(steps).length ? (props.forecast?.steps.map((s) => s.step) ?? Object.keys(steps)) : [];
  const ends = rows.map((name) => steps[name]?.endedAt ?? props.forecast?.steps.find((s) => s.step === name)?.finishAt ?? props.now);
  const from = night.startedAt;
  const to = Math.max(night.deadlineAt, ...ends, props.now) + 60_000;
  const W = 640;
  const x = (ms: number) => Math.round(((Math.max(from, Math.min(to, ms)) - from) / (to - from)) * W);
  const H = 22;
  const hhmm = (ms: number) => wallClock(ms, props.tz);
  const colour: Record<string, string> = { succeeded: '#1e7d46', partial: '#a56400', failed: '#b3261e', stopped: '#b3261e', running: '#1f5fbf', waiting: '#8a8f98' };
  return (
    <svg width={W + 140} height={rows.length * H + 40} role="img" aria-label={`Timeline of the night's steps from ${hhmm(from)} to the deadline ${hhmm(night.deadlineAt)}`}>
      {rows.map((name, i) => {
        const r = steps[name] ?? { state: 'waiting' as const };
        const f = props.forecast?.steps.find((s) => s.step === name);
        const start = r.startedAt ?? f?.startAt ?? props.now;
        const doneTo = r.endedAt ?? (r.state === 'running' ? props.now : start);
        const forecastTo = r.endedAt ? undefined : f?.finishAt;
        const y = i * H + 4;
        return (
          <g>
            <text x="0" y={y + 14} font-size="12">
              {name}
            </text>
            <rect x={130 + x(start)} y={y} width={Math.max(2, x(doneTo) - x(start))} height={H - 8} fill={colour[r.state] ?? '#8a8f98'} />
            {forecastTo && forecastTo > doneTo ? <rect x={130 + x(Math.max(doneTo, start))} y={y} width={Math.max(2, x(forecastTo) - x(Math.max(doneTo, start)))} height={H - 8} fill={colour[r.state] ?? '#8a8f98'} fill-opacity="0.3" /> : null}
          </g>
        );
      })}
      <line x1={130 + x(night.deadlineAt)} x2={130 + x(night.deadlineAt)} y1="0" y2={rows.length * H + 8} stroke="#b3261e" stroke-width="2" />
      <text x={130 + x(night.deadlineAt) - 40} y={rows.length * H + 24} font-size="12" fill="#b3261e">
        deadline {hhmm(night.deadlineAt)}
      </text>
      <text x="130" y={rows.length * H + 24} font-size="12">
        {hhmm(from)}
      </text>
    </svg>
  );
}

const countsText = (c: OutcomeCounts) => [`${c.done} done`, c.exception ? `${c.exception} exceptions` : '', c.rejected ? `${c.rejected} rejected` : '', c.cancelled ? `${c.cancelled} cancelled` : '', c.open ? `${c.open} not finished` : ''].filter(Boolean).join(' · ');

function Summary(props: { s: MorningSummary; tz: string }): Child {
  const { s, tz } = props;
  const w = s.exceptionsWaiting;
  const totals = s.steps.flatMap((st) => {
    const t = stepTotals(st.result);
    return t.length ? [`${st.name}: ${t.join(', ')}`] : [];
  });
  return (
    <section>
      <h2>Morning summary</h2>
      <ul class="facts">
        <li>
          <strong>Items:</strong> {countsText(s.totals)}
        </li>
        <li>
          <strong>Exceptions waiting in the inbox:</strong> {w.total} — {w.underHalfSla} under {w.slaHours / 2} h, {w.withinSla - w.underHalfSla} within the {w.slaHours} h SLA, {w.overSla ? <Badge text={`${w.overSla} over the SLA`} kind="bad" /> : '0 over the SLA'}
          {w.steps ? ` · ${stepsNotRunText(w.steps)}` : ''} · <a href="/inbox">the inbox</a>
        </li>
        {totals.length ? (
          <li>
            <strong>Totals:</strong> {totals.join(' · ')}
          </li>
        ) : null}
        <li>
          <strong>Missed starts:</strong>{' '}
          {s.missedStarts.length
            ? s.missedStarts.map((m) => (
                <>
                  {m.schedule} at <Time at={m.plannedAt} tz={tz} />{' '}
                </>
              ))
            : 'none'}
        </li>
        <li>
          <strong>Still running:</strong> {s.stillRunning.length ? s.stillRunning.map((r) => <a href={`/runs/${encodeURIComponent(r.runId)}`}>{`${r.label ?? r.bot ?? r.runId} (${r.left} left) `}</a>) : 'nothing'}
        </li>
      </ul>
      <table>
        <thead>
          <tr>
            <th>Kind of work</th>
            <th class="num">Done</th>
            <th class="num">Exceptions</th>
            <th class="num">Rejected</th>
            <th class="num">Cancelled</th>
            <th class="num">Not finished</th>
            <th>Money by outcome</th>
          </tr>
        </thead>
        <tbody>
          {s.byWork.map((b) => (
            <tr>
              <td>{b.bot}</td>
              <td class="num">{b.done}</td>
              <td class="num">{b.exception}</td>
              <td class="num">{b.rejected}</td>
              <td class="num">{b.cancelled}</td>
              <td class="num">{b.open}</td>
              <td>{moneyText(b)}</td>
            </tr>
          ))}
          <tr>
            <th>Total</th>
            <th class="num">{s.totals.done}</th>
            <th class="num">{s.totals.exception}</th>
            <th class="num">{s.totals.rejected}</th>
            <th class="num">{s.totals.cancelled}</th>
            <th class="num">{s.totals.open}</th>
            <th></th>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

export const nightRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: '/nights',
    roles: EVERYONE,
    handler: async (c) => {
      const tz = timeZone(c);
      const nights = await book(c).nights(30);
      const rows = await Promise.all(nights.map(async (n) => ({ n, v: verdict(n, await forecastOf(c, n)) })));
      return page(
        c,
        'Nights',
        nights.length === 0 ? (
          <p class="muted">No night has run yet. Plans are configured under plans and start like schedules (see Schedules).</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Plan</th>
                <th>Day</th>
                <th>Started ({tz})</th>
                <th>Deadline</th>
                <th>Status</th>
                <th>Steps</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ n, v }) => (
                <tr>
                  <td>
                    <a href={`/nights/${encodeURIComponent(n.night.id)}`}>{n.night.plan}</a>
                  </td>
                  <td>{n.night.day}</td>
                  <td>
                    <Time at={n.night.startedAt} tz={tz} />
                  </td>
                  <td>
                    <Time at={n.night.deadlineAt} tz={tz} />
                  </td>
                  <td>
                    <Badge text={v.text} kind={v.kind} />
                  </td>
                  <td>
                    {Object.entries(n.steps).map(([name, r]) => (
                      <>
                        <Badge text={`${name}: ${r.state}`} kind={STATE_KIND[r.state]} />{' '}
                      </>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/nights/:id',
    roles: EVERYONE,
    handler: async (c) => {
      const tz = timeZone(c);
      const id = c.req.param('id') ?? '';
      const state = await book(c).get(id);
      if (!state) return page(c, 'No such night', <Notice kind="bad">There is no night with this id. The latest are under Nights.</Notice>, 404);
      const f = await forecastOf(c, state);
      const v = verdict(state, f);
      const summary = await book(c).summary<MorningSummary>(id);
      const config = c.var.services.rt.config.plans.find((p) => p.name === state.night.plan);
      const operator = hasRole(actorOf(c), 'operator');
      const now = Date.now();
      return page(
        c,
        `Night ${state.night.plan} of ${state.night.day}`,
        <>
          {c.req.query('done') === 'restarted' ? <Notice kind="ok">The step waits to start again (with the steps it had stopped).</Notice> : null}
          <p>
            <Badge text={v.text} kind={v.kind} /> Started <Time at={state.night.startedAt} tz={tz} /> ({state.night.via}), deadline <Time at={state.night.deadlineAt} tz={tz} />
            {state.night.endedAt ? (
              <>
                , ended <Time at={state.night.endedAt} tz={tz} />
              </>
            ) : null}
            .
          </p>
          {f ? (
            <Notice kind={f.late ? 'bad' : 'ok'}>
              Forecast finish <Time at={f.finishAt} tz={tz} />
              {f.late ? `, ${formatAge(f.finishAt - f.deadlineAt)} past the deadline. ${f.advice ?? ''}` : `, ${formatAge(f.deadlineAt - f.finishAt)} before the deadline.`}
              {f.unknown.length ? ` Not forecast (no night measured them, no expected time): ${f.unknown.join(', ')}.` : ''}
            </Notice>
          ) : null}
          <Timeline state={state} forecast={f} tz={tz} now={now} />
          <table>
            <thead>
              <tr>
                <th>Step</th>
                <th>Run kind</th>
                <th>Waits for</th>
                <th>State</th>
                <th>Started</th>
                <th>Ended (or forecast)</th>
                <th>Items</th>
                <th>Why</th>
                {operator ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {(config?.steps ?? []).map((step) => {
                const r = state.steps[step.name] ?? { state: 'waiting' as const };
                const fs = f?.steps.find((s) => s.step === step.name);
                return (
                  <tr>
                    <td>{r.runId ? <a href={`/runs/${encodeURIComponent(r.runId)}`}>{step.name}</a> : step.name}</td>
                    <td>{step.run}</td>
                    <td>{step.after.length ? `${step.after.join(', ')}${step.needs === 'end' ? ' (any end)' : ''}` : '—'}</td>
                    <td>
                      <Badge text={r.state} kind={STATE_KIND[r.state]} />
                    </td>
                    <td>
                      <Time at={r.startedAt} tz={tz} />
                    </td>
                    <td>
                      {r.endedAt ? (
                        <Time at={r.endedAt} tz={tz} />
                      ) : fs ? (
                        <span class="muted">
                          ~<Time at={fs.finishAt} tz={tz} /> ({fs.basis})
                        </span>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      {fs?.left !== undefined && fs.items !== undefined ? `${fs.items - fs.left} of ${fs.items}${fs.perMinute ? `, ${fs.perMinute}/min` : ''}` : (r.items ?? '—')}
                      {fs?.queue ? <div class="muted">queue {fs.queue}</div> : null}
                    </td>
                    <td>
                      {r.reason ?? ''}
                      {r.exceptionId ? (
                        <div>
                          <a href={href.exception(r.exceptionId)}>its exception in the inbox</a>
                        </div>
                      ) : null}
                    </td>
                    {operator ? (
                      <td>
                        {r.state === 'failed' || r.state === 'stopped' ? (
                          <form method="post" action={`/nights/${encodeURIComponent(id)}/steps/${encodeURIComponent(step.name)}/restart`} class="inline">
                            <CsrfField token={c.var.csrfToken} />
                            <button type="submit">Start again</button>
                          </form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
          {summary ? <Summary s={summary} tz={tz} /> : <p class="muted">The morning summary comes when every step has ended.</p>}
        </>,
      );
    },
  },
  {
    method: 'POST',
    path: '/nights/:id/steps/:step/restart',
    roles: OPERATORS,
    handler: async (c) => {
      const id = c.req.param('id') ?? '';
      try {
        await restartStep(c.var.services.rt, id, c.req.param('step') ?? '', actorOf(c));
        return c.redirect(`/nights/${encodeURIComponent(id)}?done=restarted`, 303);
      } catch (err) {
        if (err instanceof StepNotRestartable) return page(c, 'Not done', <Notice kind="bad"><strong>{err.message}</strong><p>{err.whatNext}</p></Notice>, 409);
        return refusal(c, err, `/nights/${encodeURIComponent(id)}`);
      }
    },
  },
];
