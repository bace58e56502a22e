import { useQuery } from 'urql';
import { RulesDocument } from '../generated/graphql';
import { ErrorNote, Loading, Screen, formatTime } from '../ui';

export function RulesScreen() {
  const [result] = useQuery({ query: RulesDocument });
  const rules = result.data?.gameRules;
  return (
    <Screen title="Rules">
      <p className="note">Read-only: editing, dry-run impact, publishing and version history come with rule versions (issue 13).</p>
      {result.error && <ErrorNote error={result.error} />}
      {!rules && result.fetching && <Loading what="the rules" />}
      {rules && (
        <>
          <p>
            Version <code className="hash">{rules.id.slice(0, 12)}</code> from <code>{rules.source}</code>, loaded {formatTime(rules.loadedAt)}.
          </p>
          <pre className="yaml" tabIndex={0} aria-label="Rules in force, YAML">
            {rules.yaml}
          </pre>
        </>
      )}
    </Screen>
  );
}
