// The application frame: sign-in when nobody is signed in, otherwise the header (title, navigation,
// who is signed in, sign-out) over the screen that the address names.
import { Button, Result, Spin } from 'antd';
import { Suspense, useEffect } from 'react';
import { useOnline } from './hooks';
import { nameOf, useJurisdictions } from './jurisdictions';
import { APP_SUBTITLE, APP_TITLE, ROLE_LABELS } from './labels';
import { outbox } from './offline/outbox';
import { Toasts } from './components/Toasts';
import SignInPage from './pages/SignInPage';
import { resetPeople } from './people';
import { Link, match, navigate, usePath } from './router';
import { SCREENS } from './screens';
import { signOut, useSession } from './session';

export default function App() {
  const session = useSession();
  const { path } = usePath();
  const places = useJurisdictions();
  const online = useOnline();

  useEffect(() => {
    resetPeople();
    if (session) outbox.start();
    if (session) void outbox.refresh();
  }, [session?.userId, session]);

  if (!session) return <SignInPage />;

  const visible = SCREENS.filter((s) => s.visible(session));
  let screen = null;
  let params: Record<string, string> = {};
  for (const s of visible) {
    const m = match(s.path, path);
    if (m) {
      screen = s;
      params = m;
      break;
    }
  }
  const nav = visible.filter((s) => s.nav);
  const active = (p: string) => (p === '/' ? path === '/' : path === p || path.startsWith(`${p}/`));

  return (
    <div className="shell">
      <header className="header">
        <div className="header-top">
          <Link to="/" className="brand">
            <span className="brand-title">{APP_SUBTITLE}</span>
            <span className="brand-sub">{APP_TITLE}</span>
          </Link>
          <div className="who" data-testid="who">
            <span className="who-name">{session.name ?? session.userId}</span>
            <span className="who-role">
              {ROLE_LABELS[session.role]} · {nameOf(places, session.jurisdictionCode)}
            </span>
          </div>
          <Button
            size="small"
            onClick={() => {
              signOut();
              navigate('/', { replace: true });
            }}
            data-testid="sign-out"
          >
            退出
          </Button>
        </div>
        <nav className="nav" aria-label="主导航">
          {nav.map((s) => (
            <Link
              key={s.key}
              to={s.path}
              className={active(s.path) ? 'nav-link active' : 'nav-link'}
              aria-current={active(s.path) ? 'page' : undefined}
            >
              {s.nav}
            </Link>
          ))}
        </nav>
        {!online && (
          <div className="offline-banner" role="status" data-testid="offline-banner">
            当前处于离线状态：上报内容会保存在本机，联网后自动发送。
          </div>
        )}
      </header>
      <Toasts />
      <main className="main">
        <Suspense
          fallback={
            <div className="center">
              <Spin />
            </div>
          }
        >
          {screen ? (
            <screen.component key={screen.key + JSON.stringify(params)} session={session} params={params} />
          ) : (
            <Result
              status="404"
              title="页面不存在"
              subTitle="该页面不存在，或您的岗位无权查看。"
              extra={
                <Button type="primary" onClick={() => navigate('/')}>
                  返回首页
                </Button>
              }
            />
          )}
        </Suspense>
      </main>
    </div>
  );
}
