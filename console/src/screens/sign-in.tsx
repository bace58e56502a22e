import { useId, useState } from 'react';
import { refusalOf, storeToken } from '../auth';
import { Screen } from '../ui';

export function SignInScreen({ message, onSignIn }: { message: string | null; onSignIn: (token: string) => void }) {
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const fieldId = useId();
  return (
    <main id="main" className="sign-in">
      <Screen title="Sign in">
        {message && (
          <p className="state error" role="alert">
            {message}
          </p>
        )}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const refusal = refusalOf(token);
            setProblem(refusal);
            if (refusal) return;
            storeToken(token.trim());
            onSignIn(token.trim());
          }}
        >
          <label htmlFor={fieldId}>Admin token (JWT)</label>
          <textarea id={fieldId} value={token} onChange={(event) => setToken(event.target.value)} rows={4} autoComplete="off" spellCheck={false} required />
          {problem && (
            <p className="state error" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" className="primary">
            Sign in
          </button>
        </form>
        <p className="hint">In development, `npm start` prints a link that signs you in. The token stays in this tab only.</p>
      </Screen>
    </main>
  );
}
