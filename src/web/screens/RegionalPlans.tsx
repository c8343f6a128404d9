// Regional plans against trafficking and public investment projects (issue 7, item 6): a regional
// analyst registers and changes those of her own region, a national analyst those of any region.
// The region's plans and projects are listed; each is changed in a form checked as it is typed by
// the same schema the server applies (src/evidence/plans.ts). A refusal by the server shows its
// messages beside the fields and keeps everything typed.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../domain/code-lists.ts';
import { DEPARTMENTS, placesIn } from '../../domain/ubigeo.ts';
import { INVESTMENT_PURPOSES, INVESTMENT_STATUSES, InvestmentProjectInput, RegionalPlanInput } from '../../evidence/plans.ts';
import { DraftStatus } from '../components/DraftStatus.tsx';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { FieldError, fieldId, RadioGroup, SelectField, TextArea, TextField, type Option } from '../components/fields.tsx';
import { Loading } from '../components/Loading.tsx';
import { Messages } from '../components/Messages.tsx';
import { RowCells } from '../components/RowCells.tsx';
import '../locales/plans.ts';
import { touchOnChoice, useCheckedForm, type FieldKit } from '../forms/errors.ts';
import {
  emptyProjectForm,
  emptyRegionalPlanForm,
  emptyTarget,
  projectFormOf,
  projectInputOf,
  regionalPlanFormOf,
  regionalPlanInputOf,
  type ProjectForm,
  type ProjectRecord,
  type RegionalPlanForm,
  type RegionalPlanRecord,
  type TargetRow,
} from '../forms/regional-plans.ts';
import { useSubmission, type Submission } from '../forms/submission.ts';
import { useDraft, type Draft } from '../forms/draft.ts';
import { api, ApiError } from '../lib/api.ts';
import { formatNumber } from '../lib/format.ts';
import { Link, paths } from '../lib/router.tsx';

interface Managed {
  departments: string[];
  department: string;
  plans: RegionalPlanRecord[];
  projects: ProjectRecord[];
}

interface Catalogue {
  indicators: { id: string; name: string; computed: boolean }[];
}

type Editing = { kind: 'plan'; plan?: RegionalPlanRecord } | { kind: 'project'; project?: ProjectRecord };

const departmentName = (code: string) => DEPARTMENTS.find((d) => d.code === code)?.name ?? code;

export default function RegionalPlansScreen() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'es';
  const [department, setDepartment] = useState<string | undefined>();
  const [managed, setManaged] = useState<Managed | undefined>();
  const [indicators, setIndicators] = useState<Option[]>([]);
  const [editing, setEditing] = useState<Editing | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  useEffect(() => {
    document.title = `${t('plans.title')} · Enlace`;
  }, [t]);

  const load = useCallback(async (which: string | undefined) => {
    try {
      const answer = await api<Managed>('GET', `/api/regional-plans${which ? `?department=${which}` : ''}`);
      setManaged(answer);
      setProblem(undefined);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.title : String(error));
    }
  }, []);
  useEffect(() => {
    void load(department);
  }, [load, department, lang]);
  useEffect(() => {
    api<Catalogue>('GET', '/api/public/indicators').then(
      (c) => setIndicators(c.indicators.filter((i) => i.computed).map((i) => ({ value: i.id, label: i.name }))),
      () => setIndicators([]),
    );
  }, [lang]);

  if (!managed) {
    return problem ? (
      <section className="page">
        <h1>{t('plans.title')}</h1>
        <div className="alert" role="alert">
          {problem}
        </div>
      </section>
    ) : (
      <Loading />
    );
  }

  const region = managed.department;
  const saved = (message: string) => {
    setEditing(undefined);
    setNotice(message);
    void load(region);
  };
  const money = (v: number) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'es-PE', { style: 'currency', currency: 'PEN' }).format(v);
  const indicatorName = (id: string) => indicators.find((i) => i.value === id)?.label ?? id;

  return (
    <section className="page regional-plans">
      <h1>{t('plans.title')}</h1>
      <p className="lead">{t('plans.lead')}</p>
      {managed.departments.length > 1 ? (
        <SelectField
          path="region"
          label={t('plans.region')}
          value={region}
          onChange={(d) => {
            setEditing(undefined);
            setNotice(undefined);
            setDepartment(d);
          }}
          options={managed.departments.map((d) => ({ value: d, label: departmentName(d) }))}
        />
      ) : (
        <p>
          <strong>{t('plans.region')}:</strong> {departmentName(region)}
        </p>
      )}
      <p>
        <a href={`${paths.publicStatistics}?region=${region}#stats-region-heading`}>{t('plans.publicView')}</a> · <Link to={paths.statistics}>{t('nav.statistics')}</Link>
      </p>
      <Messages notice={notice} problem={problem} />

      {editing?.kind === 'plan' && <PlanEditor key={editing.plan?.id ?? 'new'} department={region} plan={editing.plan} indicators={indicators} lang={lang} onSaved={saved} onCancel={() => setEditing(undefined)} />}
      {editing?.kind === 'project' && <ProjectEditor key={editing.project?.id ?? 'new'} department={region} project={editing.project} lang={lang} onSaved={saved} onCancel={() => setEditing(undefined)} />}

      <Listing
        id="plans"
        heading={t('plans.plansHeading')}
        empty={t('plans.noPlans')}
        headers={[t('plans.fields.title'), t('plans.period'), t('plans.objectivesCount'), t('plans.targetsCount')]}
        rows={managed.plans.map((plan) => ({
          key: plan.id,
          cells: [
            plan.title,
            `${plan.periodFrom}–${plan.periodTo}`,
            <Items key="objectives" items={plan.objectives.map((o) => o.text)} />,
            <Items key="targets" items={plan.targets.map((target) => `${target.year} · ${indicatorName(target.indicator)}: ${formatNumber(target.target, lang)}`)} />,
          ],
          editLabel: t('plans.editPlan', { title: plan.title }),
          edit: () => setEditing({ kind: 'plan', plan }),
        }))}
        add={editing?.kind === 'plan' ? undefined : { label: t('plans.newPlan'), run: () => setEditing({ kind: 'plan' }) }}
      />
      <Listing
        id="projects"
        heading={t('plans.projectsHeading')}
        empty={t('plans.noProjects')}
        headers={[t('plans.fields.code'), t('plans.fields.name'), t('plans.fields.municipality'), t('plans.fields.purpose'), t('plans.fields.year'), t('plans.fields.budget'), t('plans.fields.executed'), t('plans.fields.status')]}
        numeric={new Set([5, 6])}
        rows={managed.projects.map((p) => ({
          key: p.id,
          cells: [p.code, p.name, municipalityLabel(p.municipality, t), t(`plans.purposes.${p.purpose}`), String(p.year), money(p.budget), money(p.executed), t(`plans.statuses.${p.status}`)],
          editLabel: t('plans.editProject', { code: p.code }),
          edit: () => setEditing({ kind: 'project', project: p }),
        }))}
        add={editing?.kind === 'project' ? undefined : { label: t('plans.newProject'), run: () => setEditing({ kind: 'project' }) }}
      />
    </section>
  );
}

interface ListingRow {
  key: string;
  /** The first cell names the row. */
  cells: ReactNode[];
  editLabel: string;
  edit(): void;
}

/** The region's plans, or its projects: a table with a button to change each, and one to add. */
function Listing({ id, heading, empty, headers, numeric = new Set(), rows, add }: { id: string; heading: string; empty: string; headers: string[]; numeric?: ReadonlySet<number>; rows: ListingRow[]; add: { label: string; run(): void } | undefined }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {rows.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{heading}</caption>
            <thead>
              <tr>
                {[...headers, t('plans.actions')].map((h, i) => (
                  <th key={h} scope="col" className={numeric.has(i) ? 'num' : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <RowCells cells={row.cells} numeric={(i) => numeric.has(i)} />
                  <td>
                    <button type="button" className="secondary small" aria-label={row.editLabel} onClick={row.edit}>
                      {t('plans.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {add && (
        <button type="button" onClick={add.run}>
          {add.label}
        </button>
      )}
    </section>
  );
}

function Items({ items }: { items: string[] }) {
  return items.length === 0 ? null : (
    <ul>
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

type Translate = ReturnType<typeof useTranslation>['t'];

/** "Municipalidad distrital de Miraflores (Lima)" from a province or district ubigeo. */
function municipalityLabel(code: string, t: Translate): string {
  const places = placesIn(code.slice(0, 2));
  const name = places.find((p) => p.code === code)?.name ?? code;
  if (code.length === 4) return t('plans.provincial', { name });
  return t('plans.district', { name, province: places.find((p) => p.code === code.slice(0, 4))?.name ?? '' });
}

/** The label of a field named by its path ("rplan.targets.1.year" → "Meta 2: Año"), for the error summary. */
function fieldLabel(t: Translate, path: string): string {
  const parts = path.split('.').slice(1);
  const name = t(`plans.fields.${[...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? ''}`, { defaultValue: path });
  if (parts[0] === 'targets' && parts[1] !== undefined) return `${t('plans.targetN', { n: Number(parts[1]) + 1 })}: ${name}`;
  if (parts[0] === 'objectives' && parts[1] !== undefined) return t('plans.objectiveN', { n: Number(parts[1]) + 1 });
  return name;
}

/** A group of rows (objectives, targets) that can carry an error of its own, linked for screen readers. */
function RowGroup({ path, legend, hint, error, children }: { path: string; legend: string; hint?: string; error: string | undefined; children: ReactNode }) {
  const id = fieldId(path);
  return (
    <fieldset id={id} className={`field ${error ? 'has-error' : ''}`} aria-invalid={error ? true : undefined} aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
      {children}
    </fieldset>
  );
}

/** A saved record of the region (a plan, a project): its id and the version a change names. */
interface Saved {
  id: string;
  version: number;
}

/**
 * A form of the region's plans or projects: what is typed (kept whatever the server answers), the
 * shared schema's verdict as it is typed, and the request sent — a new record, or a change of the
 * version shown.
 */
function useEditor<F extends object, T extends object>(options: { prefix: string; url: string; record: Saved | undefined; initial: () => F; inputOf: (form: F) => Record<string, unknown>; schema: Parameters<typeof useCheckedForm<T>>[0]; lang: Lang; saved: (body: T) => void }) {
  const { prefix, url, record, inputOf, schema, lang, saved } = options;
  const draft = useDraft<F, T>(record ? `${prefix}:${record.id}:${record.version}` : `${prefix}:new`, options.initial);
  const { form, setForm } = draft;
  const input = useMemo(() => inputOf(form), [form, inputOf]);
  const { data, errors } = useCheckedForm(schema, input, lang);
  const sending = useSubmission(draft, { data, errors }, {
    send: (body, key) => (record ? api('PUT', `${url}/${record.id}`, { body: { ...body, version: record.version }, headers: { 'Idempotency-Key': key } }) : api('POST', url, { body, headers: { 'Idempotency-Key': key } })),
    sent: (_, body) => saved(body),
  });
  return {
    draft,
    form,
    change: (patch: Partial<F>) => setForm((f) => ({ ...f, ...patch })),
    setForm,
    kit: errors.kit,
    sending,
    prefix,
    field: (path: string) => ({ path: `${prefix}.${path}`, error: errors.kit.error(path), onBlur: () => errors.kit.touch(path) }),
  };
}

function EditorFrame<F, T>({ editor, title, save, onCancel, children }: { editor: { draft: Draft<F, T>; sending: Submission<T>; prefix: string; kit: FieldKit }; title: string; save: string; onCancel(): void; children: ReactNode }) {
  const { t } = useTranslation();
  const { sending, prefix } = editor;
  return (
    <form className="card" onSubmit={sending.submit} onChange={touchOnChoice(editor.kit, prefix)} noValidate aria-labelledby={`${prefix}-form-title`}>
      <h2 id={`${prefix}-form-title`}>{title}</h2>
      {sending.problem && <ErrorSummary title={sending.problem} errors={sending.summary(prefix)} fieldLabel={(p) => fieldLabel(t, p)} attempt={sending.attempt} />}
      {children}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={sending.busy}>
          {save}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('plans.cancel')}
        </button>
        <DraftStatus id={`${prefix}-status`} draft={editor.draft} sending={sending} />
      </div>
    </form>
  );
}

function PlanEditor({ department, plan, indicators, lang, onSaved, onCancel }: { department: string; plan: RegionalPlanRecord | undefined; indicators: Option[]; lang: Lang; onSaved(message: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const inputOf = useCallback((f: RegionalPlanForm) => regionalPlanInputOf(f, department), [department]);
  const editor = useEditor({
    prefix: 'rplan',
    url: '/api/regional-plans',
    record: plan,
    initial: () => (plan ? regionalPlanFormOf(plan) : emptyRegionalPlanForm()),
    inputOf,
    schema: RegionalPlanInput,
    lang,
    saved: (body) => onSaved(t(plan ? 'plans.planUpdated' : 'plans.planCreated', { title: body.title })),
  });
  const { form, change, field } = editor;
  const changeTarget = (i: number, patch: Partial<TargetRow>) => editor.setForm((f) => ({ ...f, targets: f.targets.map((row, j) => (j === i ? { ...row, ...patch } : row)) }));
  return (
    <EditorFrame editor={editor} title={t(plan ? 'plans.editPlanTitle' : 'plans.newPlanTitle')} save={t('plans.savePlan')} onCancel={onCancel}>
      <TextField {...field('title')} label={t('plans.fields.title')} required maxLength={200} value={form.title} onChange={(title) => change({ title })} />
      <div className="grid cols-3">
        <TextField {...field('periodFrom')} label={t('plans.fields.periodFrom')} required inputMode="numeric" maxLength={4} value={form.periodFrom} onChange={(periodFrom) => change({ periodFrom })} />
        <TextField {...field('periodTo')} label={t('plans.fields.periodTo')} required inputMode="numeric" maxLength={4} value={form.periodTo} onChange={(periodTo) => change({ periodTo })} />
      </div>
      <RowGroup path="rplan.objectives" legend={t('plans.objectives')} error={editor.kit.error('objectives')}>
        {form.objectives.map((objective, i) => (
          <div key={i}>
            <TextArea {...field(`objectives.${i}.text`)} label={t('plans.objectiveN', { n: i + 1 })} required maxLength={500} rows={2} value={objective} onChange={(text) => change({ objectives: form.objectives.map((o, j) => (j === i ? text : o)) })} />
            <button type="button" className="secondary small" onClick={() => change({ objectives: form.objectives.filter((_, j) => j !== i) })}>
              {t('plans.removeObjective', { n: i + 1 })}
            </button>
          </div>
        ))}
        <button type="button" className="secondary" disabled={form.objectives.length >= 30} onClick={() => change({ objectives: [...form.objectives, ''] })}>
          {t('plans.addObjective')}
        </button>
      </RowGroup>
      <RowGroup path="rplan.targets" legend={t('plans.targets')} hint={t('plans.targetsHint')} error={editor.kit.error('targets')}>
        {form.targets.map((row, i) => (
          <fieldset key={i} className="card goal" aria-label={t('plans.targetN', { n: i + 1 })}>
            <legend>{t('plans.targetN', { n: i + 1 })}</legend>
            <SelectField {...field(`targets.${i}.indicator`)} label={t('plans.fields.indicator')} required emptyLabel="" value={row.indicator} onChange={(indicator) => changeTarget(i, { indicator })} options={indicators} />
            <div className="grid cols-3">
              <TextField {...field(`targets.${i}.year`)} label={t('plans.fields.year')} required inputMode="numeric" maxLength={4} value={row.year} onChange={(year) => changeTarget(i, { year })} />
              <TextField {...field(`targets.${i}.target`)} label={t('plans.fields.target')} required inputMode="numeric" maxLength={9} value={row.target} onChange={(target) => changeTarget(i, { target })} />
            </div>
            <button type="button" className="secondary small" onClick={() => change({ targets: form.targets.filter((_, j) => j !== i) })}>
              {t('plans.removeTarget', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <button type="button" className="secondary" disabled={form.targets.length >= 200} onClick={() => change({ targets: [...form.targets, emptyTarget(form.targets[form.targets.length - 1]?.indicator ?? '')] })}>
          {t('plans.addTarget')}
        </button>
      </RowGroup>
    </EditorFrame>
  );
}

function ProjectEditor({ department, project, lang, onSaved, onCancel }: { department: string; project: ProjectRecord | undefined; lang: Lang; onSaved(message: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const inputOf = useCallback((f: ProjectForm) => projectInputOf(f, department), [department]);
  const editor = useEditor({
    prefix: 'project',
    url: '/api/investment-projects',
    record: project,
    initial: () => (project ? projectFormOf(project) : emptyProjectForm()),
    inputOf,
    schema: InvestmentProjectInput,
    lang,
    saved: (body) => onSaved(t(project ? 'plans.projectUpdated' : 'plans.projectCreated', { code: body.code })),
  });
  const { form, change, field } = editor;
  const municipalities = useMemo(() => placesIn(department).map((p) => ({ value: p.code, label: municipalityLabel(p.code, t) })), [department, t]);
  return (
    <EditorFrame editor={editor} title={t(project ? 'plans.editProjectTitle' : 'plans.newProjectTitle')} save={t('plans.saveProject')} onCancel={onCancel}>
      <TextField {...field('code')} label={t('plans.fields.code')} hint={t('plans.codeHint')} required maxLength={40} value={form.code} onChange={(code) => change({ code })} />
      <TextArea {...field('name')} label={t('plans.fields.name')} required maxLength={300} rows={2} value={form.name} onChange={(name) => change({ name })} />
      <SelectField {...field('municipality')} label={t('plans.fields.municipality')} hint={t('plans.municipalityHint')} required emptyLabel="" value={form.municipality} onChange={(municipality) => change({ municipality })} options={municipalities} />
      <RadioGroup {...field('purpose')} label={t('plans.fields.purpose')} required value={form.purpose} onChange={(purpose) => change({ purpose })} options={INVESTMENT_PURPOSES.map((p) => ({ value: p, label: t(`plans.purposes.${p}`) }))} />
      <div className="grid cols-3">
        <TextField {...field('year')} label={t('plans.fields.year')} required inputMode="numeric" maxLength={4} value={form.year} onChange={(year) => change({ year })} />
        <TextField {...field('budget')} label={t('plans.fields.budget')} hint={t('plans.moneyHint')} required maxLength={24} value={form.budget} onChange={(budget) => change({ budget })} />
        <TextField {...field('executed')} label={t('plans.fields.executed')} required maxLength={24} value={form.executed} onChange={(executed) => change({ executed })} />
      </div>
      <SelectField {...field('status')} label={t('plans.fields.status')} required value={form.status} onChange={(status) => change({ status })} options={INVESTMENT_STATUSES.map((s) => ({ value: s, label: t(`plans.statuses.${s}`) }))} />
    </EditorFrame>
  );
}
