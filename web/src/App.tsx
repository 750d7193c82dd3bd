// The page: sign in, or the signed-in person's sections, one per hash route (#/tokens, ...).
import { useCallback, useEffect, useState } from 'react';
import { ApiError, get, messageOf, post } from './api.js';
import { ErrorNote } from './components/ErrorNote.js';
import { Activity } from './pages/Activity.js';
import { BaseAccess } from './pages/BaseAccess.js';
import { Plugins } from './pages/Plugins.js';
import { Sessions } from './pages/Sessions.js';
import { SignIn } from './pages/SignIn.js';
import { Tokens } from './pages/Tokens.js';
import type { User } from './types.js';

const SECTIONS = [
  { path: 'tokens', label: 'Tokens' },
  { path: 'plugins', label: 'Plugins' },
  { path: 'bases', label: 'Base access' },
  { path: 'sessions', label: 'Sessions' },
  { path: 'activity', label: 'Activity' },
] as const;
type Section = (typeof SECTIONS)[number]['path'];

const sectionOf = (hash: string): Section => SECTIONS.find((s) => `#/${s.path}` === hash)?.path ?? 'tokens';

export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [section, setSection] = useState<Section>(sectionOf(location.hash));

  useEffect(() => {
    const onHash = () => setSection(sectionOf(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    get<User>('/api/auth/user')
      .then(setUser)
      .catch((e: unknown) => {
        if (!(e instanceof ApiError && e.status === 401)) setError(messageOf(e));
        setUser(null);
      });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await post('/api/auth/signout');
      setUser(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);

  if (user === undefined) return <p className="loading">Loading…</p>;
  if (user === null) {
    return (
      <main className="narrow">
        <h1>Tessera</h1>
        <ErrorNote error={error} />
        <SignIn onSignedIn={setUser} />
      </main>
    );
  }
  const title = SECTIONS.find((s) => s.path === section)!.label;
  return (
    <>
      <header>
        <a className="brand" href="#/tokens">
          Tessera
        </a>
        <nav aria-label="Sections">
          {SECTIONS.map((s) => (
            <a key={s.path} href={`#/${s.path}`} aria-current={s.path === section ? 'page' : undefined}>
              {s.label}
            </a>
          ))}
        </nav>
        <div className="who">
          <span title={user.email}>{user.email}</span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main>
        <h1>{title}</h1>
        <ErrorNote error={error} />
        {section === 'tokens' && <Tokens />}
        {section === 'plugins' && <Plugins />}
        {section === 'bases' && <BaseAccess />}
        {section === 'sessions' && <Sessions onSignedOut={() => setUser(null)} />}
        {section === 'activity' && <Activity />}
      </main>
    </>
  );
}
