import { useCallback, useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { Link, Route, Router, Switch, useLocation } from 'wouter';
import { createApiClient, useApiStatus, type SignOutReason } from './api';
import { adoptTokenFromAddress, forgetToken, storedToken } from './auth';
import { DeadLettersScreen } from './screens/dead-letters';
import { HoldsScreen } from './screens/holds';
import { LeaderboardsScreen } from './screens/leaderboards';
import { LiveScreen } from './screens/live';
import { MemberScreen } from './screens/member';
import { OverviewScreen } from './screens/overview';
import { RulesCompareScreen, RulesScreen } from './screens/rules';
import { SignInScreen } from './screens/sign-in';

adoptTokenFromAddress();

const SIGN_OUT_MESSAGES: Record<SignOutReason, string> = {
  expired: 'Your token was refused: it has expired or is no longer valid. Sign in with a new admin token.',
  forbidden: 'This token may not use the console: it needs the admin role.',
};

const SCREENS = [
  { path: '/', label: 'Overview' },
  { path: '/leaderboards', label: 'Leaderboards' },
  { path: '/members', label: 'Member' },
  { path: '/holds', label: 'Holds' },
  { path: '/dead-letters', label: 'Dead letters' },
  { path: '/live', label: 'Live' },
  { path: '/rules', label: 'Rules' },
];

export function App() {
  const [token, setToken] = useState(storedToken);
  const [message, setMessage] = useState<string | null>(null);
  const signOut = useCallback((reason: SignOutReason | null) => {
    forgetToken();
    setToken(null);
    setMessage(reason ? SIGN_OUT_MESSAGES[reason] : 'Signed out.');
  }, []);
  return (
    <Router base="/admin">
      {token ? (
        <SignedIn token={token} onSignOut={signOut} />
      ) : (
        <SignInScreen
          message={message}
          onSignIn={(accepted) => {
            setMessage(null);
            setToken(accepted);
          }}
        />
      )}
    </Router>
  );
}

function SignedIn({ token, onSignOut }: { token: string; onSignOut: (reason: SignOutReason | null) => void }) {
  const api = useMemo(() => createApiClient(token, onSignOut), [token, onSignOut]);
  useEffect(() => api.dispose, [api]);
  const status = useApiStatus();
  const [location] = useLocation();
  return (
    <Provider value={api.client}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Gamification admin</span>
        <nav aria-label="Screens">
          <ul>
            {SCREENS.map((screen) => {
              const current = screen.path === '/' ? location === '/' : location.startsWith(screen.path);
              return (
                <li key={screen.path}>
                  <Link href={screen.path} aria-current={current ? 'page' : undefined}>
                    {screen.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <button type="button" className="sign-out" onClick={() => onSignOut(null)}>
          Sign out
        </button>
      </header>
      {status === 'down' && (
        <div className="banner" role="alert">
          The API does not answer. Retrying by itself; what you see may be out of date.
        </div>
      )}
      <main id="main" tabIndex={-1}>
        <Switch>
          <Route path="/" component={OverviewScreen} />
          <Route path="/leaderboards" component={LeaderboardsScreen} />
          <Route path="/members">{() => <MemberScreen />}</Route>
          <Route path="/members/:userId">{(params) => <MemberScreen userId={params.userId} />}</Route>
          <Route path="/holds" component={HoldsScreen} />
          <Route path="/dead-letters" component={DeadLettersScreen} />
          <Route path="/live" component={LiveScreen} />
          <Route path="/rules" component={RulesScreen} />
          <Route path="/rules/compare/:from/:to">{(params) => <RulesCompareScreen from={Number(params.from)} to={Number(params.to)} />}</Route>
          <Route>
            <p className="state">No such screen. Pick one above.</p>
          </Route>
        </Switch>
      </main>
    </Provider>
  );
}
