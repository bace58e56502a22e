import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { Link, useLocation } from 'wouter';
import { PublishRulesDocument, RulesDocument, RuleVersionsDocument, type PublishRulesMutation, type RuleVersionsQuery } from '../generated/graphql';
import { diffLines, type DiffLine } from '../line-diff';
import { ConfirmDialog, Empty, ErrorNote, Loading, Screen, formatTime } from '../ui';
import { YamlEditor, type YamlEditorHandle } from '../yaml-editor';
import { ImpactEstimate } from './rules-impact';

type Publication = PublishRulesMutation['publishRules'];
type Version = RuleVersionsQuery['ruleVersions'][number];

/** How long typing must pause before the draft is checked (a dry run on the server). */
const CHECK_AFTER_MS = 600;

export function RulesScreen() {
  const [rules, reexecuteRules] = useQuery({ query: RulesDocument, variables: { version: null } });
  const [versions, reexecuteVersions] = useQuery({ query: RuleVersionsDocument, variables: { limit: 50 } });
  const refresh = useCallback(() => {
    reexecuteRules({ requestPolicy: 'network-only' });
    reexecuteVersions({ requestPolicy: 'network-only' });
  }, [reexecuteRules, reexecuteVersions]);
  const active = rules.data?.gameRules;
  const [draft, setDraft] = useState<string | null>(null);
  useEffect(() => {
    if (active && draft === null) setDraft(active.yaml);
  }, [active, draft]);
  return (
    <Screen title="Rules">
      {rules.error && <ErrorNote error={rules.error} />}
      {!active && rules.fetching && <Loading what="the rules" />}
      {active && (
        <p data-testid="active-version">
          Version <strong>{active.version.id}</strong> in force (<code className="hash">{active.id.slice(0, 12)}</code>), published {formatTime(active.loadedAt)} by {active.version.publishedBy}
          {active.version.note && <> — “{active.version.note}”</>}.
        </p>
      )}
      {active && draft !== null && <RulesDraft draft={draft} onDraft={setDraft} activeVersion={active.version.id} activeYaml={active.yaml} onPublished={refresh} />}
      <VersionHistory versions={versions.data?.ruleVersions} error={versions.error} onEdit={setDraft} />
    </Screen>
  );
}

/** The dry run of the draft against the version in force, re-run when either changes. */
function useDryRun(draft: string, activeVersion: number): { checking: boolean; publication: Publication | null; error: Error | null } {
  const client = useClient();
  const [state, setState] = useState<{ checking: boolean; publication: Publication | null; error: Error | null }>({ checking: true, publication: null, error: null });
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, checking: true }));
    const timer = setTimeout(async () => {
      const result = await client.mutation(PublishRulesDocument, { input: { document: draft, dryRun: true } }).toPromise();
      // A slower answer for an older draft must not replace a newer one.
      if (!current) return;
      setState({ checking: false, publication: result.data?.publishRules ?? null, error: result.error ?? null });
    }, CHECK_AFTER_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, draft, activeVersion]);
  return state;
}

function RulesDraft({
  draft,
  onDraft,
  activeVersion,
  activeYaml,
  onPublished,
}: {
  draft: string;
  onDraft: (draft: string) => void;
  activeVersion: number;
  activeYaml: string;
  onPublished: () => void;
}) {
  const client = useClient();
  const editor = useRef<YamlEditorHandle>(null);
  const { checking, publication, error } = useDryRun(draft, activeVersion);
  const problems = publication?.errors ?? [];
  const diff = publication?.diff;
  const changed = diff ? diff.sections.length > 0 || diff.settings.length > 0 : false;
  return (
    <div className="rules-draft">
      <YamlEditor ref={editor} label="Rules document (YAML), checked as you type" value={draft} onChange={onDraft} problems={problems} />
      <section className="card" aria-labelledby="dry-run-title" aria-busy={checking}>
        <h2 id="dry-run-title">Dry run against version {activeVersion}</h2>
        <p role="status" className="hint">
          {checking ? 'Checking…' : problems.length > 0 ? 'The draft cannot be published as it is.' : changed ? 'The draft can be published.' : 'No change against the version in force.'}
        </p>
        {error && <ErrorNote error={error} />}
        {problems.length > 0 && (
          <ul className="problems">
            {problems.map((problem, index) => (
              <li key={index}>
                {problem.line ? (
                  <button type="button" className="link" onClick={() => editor.current?.goToLine(problem.line!)}>
                    Line {problem.line}
                  </button>
                ) : (
                  <span>Document</span>
                )}
                : {problem.message}
                {problem.path && <code className="path"> {problem.path}</code>}
              </li>
            ))}
          </ul>
        )}
        {diff && changed && <SectionDiff diff={diff} />}
        <ImpactEstimate draft={draft} disabled={checking || problems.length > 0 || !changed} />
        <div className="actions">
          <ConfirmDialog
            label="Publish…"
            title={`Publish the draft after version ${activeVersion}`}
            description="It is checked again, kept as a new version, and put in force for events from then on, in every API and worker process at once."
            reasonLabel="Note (kept with the version)"
            disabled={checking || problems.length > 0 || !changed}
            onConfirm={async (note) => {
              const result = await client.mutation(PublishRulesDocument, { input: { document: draft, note, dryRun: false } }).toPromise();
              if (result.error || !result.data) throw new Error(result.error?.message ?? 'no answer');
              const { errors, published } = result.data.publishRules;
              if (errors.length > 0) throw new Error(`Not published: ${errors.map((problem) => problem.message).join('; ')}`);
              onPublished();
              return published ? `Version ${published.id} is in force.` : 'Nothing published: the draft is the version in force.';
            }}
          />
          <button type="button" disabled={draft === activeYaml} onClick={() => onDraft(activeYaml)}>
            Discard the draft
          </button>
        </div>
      </section>
    </div>
  );
}

function SectionDiff({ diff }: { diff: NonNullable<Publication['diff']> }) {
  return (
    <dl className="section-diff" aria-label="Changes against the version in force">
      {diff.sections.map((section) => (
        <div key={section.section}>
          <dt>{section.section}</dt>
          <dd>
            {section.added.length > 0 && <span className="added">added {section.added.join(', ')}</span>}
            {section.removed.length > 0 && <span className="removed">removed {section.removed.join(', ')}</span>}
            {section.changed.length > 0 && <span className="changed">changed {section.changed.join(', ')}</span>}
          </dd>
        </div>
      ))}
      {diff.settings.length > 0 && (
        <div>
          <dt>settings</dt>
          <dd>
            <span className="changed">changed {diff.settings.join(', ')}</span>
          </dd>
        </div>
      )}
    </dl>
  );
}

function VersionHistory({ versions, error, onEdit }: { versions: Version[] | undefined; error: Error | undefined; onEdit: (yaml: string) => void }) {
  const client = useClient();
  const [, navigate] = useLocation();
  // The two newest versions unless the admin picked others since the last publication.
  const [picked, setPicked] = useState<{ newest: number; from: number; to: number } | null>(null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const ids = { from: useId(), to: useId() };
  const newest = versions?.[0]?.id;
  const choice = picked && picked.newest === newest ? picked : versions?.length ? { newest: versions[0].id, from: versions[Math.min(1, versions.length - 1)].id, to: versions[0].id } : null;
  const edit = async (version: number) => {
    const result = await client.query(RulesDocument, { version }, { requestPolicy: 'network-only' }).toPromise();
    setLoadError(result.error ?? null);
    if (result.data) onEdit(result.data.gameRules.yaml);
  };
  return (
    <section className="card wide" aria-labelledby="history-title">
      <h2 id="history-title">Version history</h2>
      {error && <ErrorNote error={error} />}
      {loadError && <ErrorNote error={loadError} />}
      {!versions && !error && <Loading what="the versions" />}
      {versions?.length === 0 && <Empty>No version published yet.</Empty>}
      {versions && versions.length > 0 && (
        <>
          <form
            className="filters"
            onSubmit={(event) => {
              event.preventDefault();
              if (choice) navigate(`/rules/compare/${choice.from}/${choice.to}`);
            }}
          >
            <VersionSelect id={ids.from} label="Compare version" versions={versions} value={choice?.from ?? null} onChange={(from) => choice && setPicked({ ...choice, from })} />
            <VersionSelect id={ids.to} label="with version" versions={versions} value={choice?.to ?? null} onChange={(to) => choice && setPicked({ ...choice, to })} />
            <button type="submit">Compare</button>
          </form>
          <table className="versions">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Published</th>
                <th scope="col">By</th>
                <th scope="col">Note</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.map((version) => (
                <tr key={version.id}>
                  <td>
                    {version.id} {version.active && <span className="badge">in force</span>}
                  </td>
                  <td>{formatTime(version.publishedAt)}</td>
                  <td>{version.publishedBy}</td>
                  <td>{version.note ?? <span className="hint">{version.source}</span>}</td>
                  <td>
                    <button type="button" onClick={() => void edit(version.id)}>
                      Edit from here<span className="visually-hidden"> (version {version.id})</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function VersionSelect({ id, label, versions, value, onChange }: { id: string; label: string; versions: Version[]; value: number | null; onChange: (version: number) => void }) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(event) => onChange(Number(event.target.value))}>
        {versions.map((version) => (
          <option key={version.id} value={version.id}>
            {version.id}
            {version.active ? ' (in force)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Unchanged lines shown around each change. */
const CONTEXT_LINES = 3;

/** `/rules/compare/:from/:to`: the YAML of two versions, line by line. */
export function RulesCompareScreen({ from, to }: { from: number; to: number }) {
  const [older] = useQuery({ query: RulesDocument, variables: { version: from } });
  const [newer] = useQuery({ query: RulesDocument, variables: { version: to } });
  const error = older.error ?? newer.error;
  const ready = older.data && newer.data;
  return (
    <Screen title={`Rules: version ${from} → ${to}`} actions={<Link href="/rules">Back to the rules</Link>}>
      {error && <ErrorNote error={error} />}
      {!ready && !error && <Loading what="both versions" />}
      {ready && <LineDiff lines={diffLines(older.data!.gameRules.yaml, newer.data!.gameRules.yaml)} />}
    </Screen>
  );
}

function LineDiff({ lines }: { lines: DiffLine[] }) {
  const changes = lines.filter((line) => line.kind !== 'same').length;
  if (changes === 0) return <Empty>The two versions hold the same rules.</Empty>;
  const near = (index: number) => lines.slice(Math.max(0, index - CONTEXT_LINES), index + CONTEXT_LINES + 1).some((line) => line.kind !== 'same');
  const rows: ({ gap: number } | DiffLine)[] = [];
  lines.forEach((line, index) => {
    if (near(index)) rows.push(line);
    else {
      const last = rows.at(-1);
      if (last && 'gap' in last) last.gap++;
      else rows.push({ gap: 1 });
    }
  });
  return (
    <div className="card wide">
      <p className="hint">
        {lines.filter((line) => line.kind === 'removed').length} lines removed, {lines.filter((line) => line.kind === 'added').length} added.
      </p>
      <table className="diff">
        <thead>
          <tr>
            <th scope="col">Old</th>
            <th scope="col">New</th>
            <th scope="col">Line</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) =>
            'gap' in row ? (
              <tr key={index} className="gap">
                <td colSpan={3}>… {row.gap} unchanged lines</td>
              </tr>
            ) : (
              <tr key={index} className={row.kind}>
                <td>{row.oldLine}</td>
                <td>{row.newLine}</td>
                <td>
                  <span className="visually-hidden">{row.kind === 'same' ? '' : `${row.kind}: `}</span>
                  <code>
                    {row.kind === 'added' ? '+ ' : row.kind === 'removed' ? '- ' : '  '}
                    {row.text}
                  </code>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
