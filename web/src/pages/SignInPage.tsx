// Sign-in: paste the bearer token issued to you (checked with the server before it is kept), or, in the
// embedded development mode (npm start on its own data), pick one of the seeded users grouped by role (the
// dashboard's development sign-in endpoints). `/app#token=<bearer>` signs in without this page.
import { Alert, Button, Form, Input } from 'antd';
import { useMemo, useState } from 'react';
import { checkToken, devSignInOffered, devToken, devUsers } from '../api/endpoints';
import type { DevUser, Role } from '../api/types';
import { errorMessage } from '../errors';
import { useAsync } from '../hooks';
import { nameOf, useJurisdictions } from '../jurisdictions';
import { APP_SUBTITLE, APP_TITLE, ROLE_LABELS } from '../labels';
import { signIn } from '../session';

const ROLE_ORDER: Role[] = [
  'caseworker',
  'street_supervisor',
  'district_officer',
  'city_officer',
  'reporter',
  'hotline',
  'department',
  'organisation',
];

export default function SignInPage() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState('');
  const places = useJurisdictions();
  const dev = useAsync(async () => ((await devSignInOffered()) ? devUsers() : null), []);

  const groups = useMemo(() => {
    const users = dev.data ?? [];
    const needle = filter.trim().toLowerCase();
    const shown = needle
      ? users.filter((u) => [u.id, u.nameZh, u.nameEn, nameOf(places, u.jurisdictionCode)].some((x) => x.toLowerCase().includes(needle)))
      : users;
    return ROLE_ORDER.map((role) => ({ role, users: shown.filter((u) => u.role === role) })).filter((g) => g.users.length > 0);
  }, [dev.data, filter, places]);

  async function submitToken(values: { token: string }) {
    setError(null);
    const token = values.token.trim();
    setBusy(true);
    try {
      await checkToken(token);
      if (!signIn(token)) setError('这不是有效的访问令牌。');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function pick(user: DevUser) {
    setError(null);
    try {
      signIn(await devToken(user.id), user.nameZh);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <div className="signin">
      <header className="signin-head">
        <h1>
          {APP_SUBTITLE}
          <small>{APP_TITLE}</small>
        </h1>
        <p>社会救助专干、街道与区市主管、网格员在此办理主动发现的救助线索：受理、入户调查、审批、转介与回访。</p>
      </header>
      {error && <Alert type="error" showIcon title={error} role="alert" className="gap" />}
      <section className="card" aria-labelledby="token-title">
        <h2 id="token-title" className="section-title">
          使用访问令牌登录
        </h2>
        <Form layout="vertical" onFinish={submitToken} requiredMark={false}>
          <Form.Item
            label="访问令牌"
            name="token"
            rules={[{ required: true, whitespace: true, message: '请粘贴访问令牌' }]}
            extra="粘贴为您签发的令牌（例如：npm run token -- --role caseworker --jurisdiction 440104001）"
          >
            <Input.TextArea rows={3} autoComplete="off" spellCheck={false} data-testid="token-input" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="token-submit">
            登录
          </Button>
        </Form>
      </section>
      {dev.data && (
        <section className="card" aria-labelledby="dev-title" data-testid="dev-users">
          <h2 id="dev-title" className="section-title">
            开发环境快捷登录
          </h2>
          <p className="section-note">仅在本机开发模式（npm start，未连接集群）下提供。点击一位预置用户即可登录。</p>
          <Input.Search
            placeholder="按姓名、辖区或编号筛选"
            allowClear
            onChange={(e) => setFilter(e.target.value)}
            className="gap"
            aria-label="筛选预置用户"
          />
          {groups.map((group) => (
            <section key={group.role} className="dev-group">
              <h2>
                {ROLE_LABELS[group.role]}（{group.users.length}）
              </h2>
              <div className="dev-list">
                {group.users.slice(0, filter ? 60 : 12).map((u) => (
                  <button
                    key={u.id}
                    type="button"
                    className="dev-user"
                    data-testid="dev-user"
                    data-user-id={u.id}
                    onClick={() => void pick(u)}
                  >
                    <span className="dev-user-name">{u.nameZh}</span>
                    <span className="dev-user-place">{nameOf(places, u.jurisdictionCode)}</span>
                  </button>
                ))}
                {!filter && group.users.length > 12 && (
                  <span className="muted small">另有 {group.users.length - 12} 人，请用上方筛选查找</span>
                )}
              </div>
            </section>
          ))}
        </section>
      )}
    </div>
  );
}
