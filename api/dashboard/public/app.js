// The supervisors' dashboard: sign-in, an overview of the caller's jurisdiction (live escalation feed,
// heat table by district or street, overdue cases, staffing against 2000:1:1) and a case page with its
// timeline. Plain DOM, no framework and no innerHTML for data, so the page holds under a strict CSP.
import { ApiError, EscalationStream, apiGet, claimsOf, devToken, devUsers, getToken, setToken } from './api.js';
import { applyStaticLabels, fmtDateTime, fmtDuration, fmtNumber, fmtTime, getLang, has, setLang, t } from './i18n.js';

const REFRESH_MS = 60_000;
const FRESH_MS = 30_000;
const FEED_LIMIT = 100;

const state = {
  token: null,
  claims: null,
  names: new Map(),
  stats: null,
  statsError: null,
  feed: [],
  fresh: new Map(),
  /** Items whose arrival has been animated (re-renders must not replay it). */
  arrived: new Set(),
  overdue: [],
  streamStatus: 'connecting',
  stream: null,
  loadedAt: null,
  refreshTimer: null,
  pendingRefresh: null,
  devUsers: null,
};

// ---------------------------------------------------------------------------------------------
// DOM helpers
// ---------------------------------------------------------------------------------------------

/** createElement with attributes, dataset entries (data-*), listeners (on*) and children. */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'text') el.textContent = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** replaceChildren without the optional parts (null would otherwise show up as the text "null"). */
function fill(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

function view() {
  return document.getElementById('view');
}

function nameOf(code) {
  const node = state.names.get(code);
  if (!node) return code;
  return getLang() === 'zh' ? node.nameZh : node.nameEn;
}

function roleLabel(role) {
  return has(`roles.${role}`) ? t(`roles.${role}`) : role;
}

function badge(kind, text, extra = {}) {
  return h('span', { class: `badge badge-${kind}`, ...extra }, text);
}

function levelBadge(level) {
  return badge(level === 'city' ? 'city' : 'district', t(`level.${level}`));
}

function stageBadge(stage) {
  return badge('stage', t(`stage.${stage}`));
}

function shortCaseId(caseId) {
  return caseId.length > 14 ? `${caseId.slice(0, 10)}…${caseId.slice(-4)}` : caseId;
}

// ---------------------------------------------------------------------------------------------
// Session
// ---------------------------------------------------------------------------------------------

function signIn(token) {
  const claims = claimsOf(token);
  if (!claims || !claims.role || !claims.jur) return false;
  setToken(token);
  state.token = token;
  state.claims = claims;
  return true;
}

function signOut() {
  stopLive();
  setToken(null);
  state.token = null;
  state.claims = null;
  state.stats = null;
  state.feed = [];
  state.overdue = [];
  state.fresh.clear();
  location.hash = '#/';
  render();
}

function stopLive() {
  if (state.stream) state.stream.stop();
  state.stream = null;
  clearInterval(state.refreshTimer);
  state.refreshTimer = null;
}

function renderChrome() {
  const who = document.getElementById('who');
  const signOutButton = document.getElementById('sign-out');
  document.getElementById('lang-toggle').textContent = t('lang.switch');
  if (state.claims) {
    who.hidden = false;
    who.replaceChildren(
      h('span', { class: 'who-role' }, roleLabel(state.claims.role)),
      h('span', { class: 'who-area' }, nameOf(state.claims.jur)),
      h('span', { class: 'who-id' }, state.claims.sub),
    );
    signOutButton.hidden = false;
  } else {
    who.hidden = true;
    signOutButton.hidden = true;
  }
}

// ---------------------------------------------------------------------------------------------
// Sign-in page
// ---------------------------------------------------------------------------------------------

function renderSignIn(message) {
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'signin-error' }, message || '');
  error.hidden = !message;
  const input = h('textarea', {
    id: 'token',
    class: 'token-input',
    rows: 4,
    spellcheck: 'false',
    autocomplete: 'off',
    placeholder: 'eyJhbGciOiJIUzI1NiIs…',
    'data-testid': 'token-input',
  });
  const submit = async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!signIn(token)) {
      error.textContent = t('auth.invalid');
      error.hidden = false;
      return;
    }
    await enterDashboard();
  };
  const form = h(
    'form',
    { class: 'card signin-card', onsubmit: submit },
    h('h1', { class: 'signin-title' }, t('auth.title')),
    h('p', { class: 'muted' }, t('auth.lead')),
    h('label', { for: 'token', class: 'field-label' }, t('auth.tokenLabel')),
    input,
    h('p', { class: 'hint' }, t('auth.tokenHint')),
    error,
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'token-submit' }, t('auth.signIn')),
  );
  const withDev = state.devUsers && state.devUsers.length > 0;
  const page = h('div', { class: withDev ? 'signin' : 'signin signin-single' }, form);
  if (withDev) page.append(renderDevUsers());
  view().replaceChildren(page);
}

function renderDevUsers() {
  const list = h('div', { class: 'dev-list', 'data-testid': 'dev-users' });
  const filter = h('input', { type: 'search', class: 'dev-filter', placeholder: t('auth.devFilter'), 'aria-label': t('auth.devFilter') });
  const draw = () => {
    const q = filter.value.trim().toLowerCase();
    const groups = new Map();
    for (const u of state.devUsers) {
      // Organisations' users answer referrals in the workbench (/app); they read nothing of this dashboard.
      if (u.role === 'organisation') continue;
      const area = nameOf(u.jurisdictionCode);
      const name = getLang() === 'zh' ? u.nameZh : u.nameEn;
      if (q && ![u.id, u.jurisdictionCode, area, u.nameZh, u.nameEn].some((v) => v.toLowerCase().includes(q))) continue;
      if (!groups.has(u.role)) groups.set(u.role, []);
      groups.get(u.role).push(
        h(
          'button',
          {
            type: 'button',
            class: 'dev-user',
            'data-testid': 'dev-user',
            'data-user-id': u.id,
            onclick: async () => {
              try {
                if (signIn(await devToken(u.id))) await enterDashboard();
              } catch (err) {
                renderSignIn(err.message);
              }
            },
          },
          h('span', { class: 'dev-user-name' }, name),
          h('span', { class: 'dev-user-area' }, area),
          h('span', { class: 'dev-user-id' }, u.id),
        ),
      );
    }
    list.replaceChildren(
      ...[...groups.entries()].map(([role, buttons]) =>
        h('section', { class: 'dev-group' }, h('h3', {}, roleLabel(role)), h('div', { class: 'dev-grid' }, buttons)),
      ),
    );
  };
  filter.addEventListener('input', draw);
  draw();
  return h(
    'section',
    { class: 'card dev-card' },
    h('h2', {}, t('auth.devTitle')),
    h('p', { class: 'muted' }, t('auth.devHint')),
    filter,
    list,
  );
}

// ---------------------------------------------------------------------------------------------
// Overview
// ---------------------------------------------------------------------------------------------

async function enterDashboard() {
  await loadNames();
  applyStaticLabels();
  renderChrome();
  startLive();
  await route();
}

function startLive() {
  if (state.stream) return;
  // Stream first, list second: anything that happens in between arrives on the stream.
  state.stream = new EscalationStream({
    token: state.token,
    onEvent: onStreamEvent,
    onStatus: (status) => {
      state.streamStatus = status;
      renderStreamStatus();
    },
    onUnauthorized: () => {
      stopLive();
      setToken(null);
      state.token = null;
      state.claims = null;
      renderChrome();
      renderSignIn(t('auth.invalid'));
    },
  });
  state.stream.start();
  void loadOverview();
  state.refreshTimer = setInterval(() => void loadOverview(), REFRESH_MS);
}

async function loadOverview() {
  if (!state.token) return;
  try {
    const [stats, open, overdue] = await Promise.all([
      apiGet('/api/v1/stats'),
      apiGet('/api/v1/escalations?status=open&limit=50'),
      apiGet('/api/v1/cases?overdue=true&limit=200'),
    ]);
    state.stats = stats;
    state.statsError = null;
    mergeFeed(open.items);
    state.overdue = overdue.items
      .filter((c) => !c.clockPaused && c.nextDueAt)
      .sort((a, b) => Date.parse(a.nextDueAt) - Date.parse(b.nextDueAt));
    state.loadedAt = new Date().toISOString();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      signOut();
      return;
    }
    state.statsError = err instanceof ApiError && err.status === 403 ? t('auth.forbidden') : err.message;
  }
  if (currentRoute().name === 'overview') renderOverviewSections();
}

/** Adds listed escalations not yet known; what the stream already delivered is as new or newer. */
function mergeFeed(items) {
  const known = new Set(state.feed.map((e) => e.escalationId));
  for (const item of items) if (!known.has(item.escalationId)) state.feed.push(item);
  state.feed.sort((a, b) => activityAt(b) - activityAt(a));
  state.feed = state.feed.slice(0, FEED_LIMIT);
}

function activityAt(e) {
  return Date.parse(e.resolvedAt || e.raisedToCityAt || e.escalatedAt) || 0;
}

function onStreamEvent(type, escalation) {
  if (!escalation || !escalation.escalationId) return;
  state.feed = [escalation, ...state.feed.filter((e) => e.escalationId !== escalation.escalationId)].slice(0, FEED_LIMIT);
  state.fresh.set(escalation.escalationId, { at: Date.now(), type });
  setTimeout(() => {
    const mark = state.fresh.get(escalation.escalationId);
    if (mark && Date.now() - mark.at >= FRESH_MS - 50) {
      state.fresh.delete(escalation.escalationId);
      if (currentRoute().name === 'overview') renderFeed();
    }
  }, FRESH_MS);
  if (currentRoute().name === 'overview') renderFeed();
  // Counts follow the feed: refresh them shortly, once per burst of events.
  clearTimeout(state.pendingRefresh);
  state.pendingRefresh = setTimeout(() => void loadOverview(), 1500);
}

function renderOverview() {
  const scope = state.claims ? state.claims.jur : '';
  const level = scope.length === 9 ? 'street' : scope.endsWith('00') ? 'city' : 'district';
  view().replaceChildren(
    h(
      'div',
      { class: 'overview' },
      h(
        'div',
        { class: 'page-head' },
        h(
          'div',
          {},
          h('h1', { class: 'page-title', 'data-testid': 'scope-title' }, `${nameOf(scope)} · ${t(`scope.${level}`)}`),
          h('p', { class: 'muted', id: 'updated' }),
        ),
      ),
      h('div', { class: 'alert', id: 'overview-error', role: 'alert', hidden: true }),
      h('section', { class: 'kpis', id: 'kpis', 'data-testid': 'kpis' }),
      h(
        'div',
        { class: 'grid-2' },
        h(
          'section',
          { class: 'card feed-card' },
          h(
            'div',
            { class: 'card-head' },
            h('h2', {}, t('feed.title')),
            h('span', { id: 'stream-status', class: 'live-pill', 'data-testid': 'stream-status' }),
          ),
          h('ol', { class: 'feed', id: 'feed', 'data-testid': 'feed' }),
        ),
        h(
          'section',
          { class: 'card' },
          h('div', { class: 'card-head' }, h('h2', { id: 'heat-title' }), h('span', { class: 'muted small' }, t('overview.period'))),
          h('div', { class: 'table-wrap' }, h('table', { class: 'heat', id: 'heat', 'data-testid': 'heat-table' })),
        ),
      ),
      h(
        'section',
        { class: 'card' },
        h('div', { class: 'card-head' }, h('h2', {}, t('overdue.title')), h('span', { class: 'muted small' }, t('overdue.sub'))),
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'overdue', 'data-testid': 'overdue-table' })),
      ),
      h(
        'section',
        { class: 'card' },
        h('div', { class: 'card-head' }, h('h2', {}, t('staff.title')), h('span', { class: 'muted small' }, t('staff.sub'))),
        h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'staffing', 'data-testid': 'staffing-table' })),
      ),
    ),
  );
  renderOverviewSections();
}

function renderOverviewSections() {
  if (!document.getElementById('kpis')) return;
  const error = document.getElementById('overview-error');
  error.hidden = !state.statsError;
  error.textContent = state.statsError ? t('common.error', { m: state.statsError }) : '';
  document.getElementById('updated').textContent = state.loadedAt
    ? t('overview.updated', { t: fmtDateTime(state.loadedAt) })
    : t('common.loading');
  renderKpis();
  renderStreamStatus();
  renderFeed();
  renderHeat();
  renderOverdue();
  renderStaffing();
}

function kpi(label, value, sub, tone, testid) {
  return h(
    'div',
    { class: `kpi kpi-${tone}`, 'data-testid': testid },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, value),
    h('div', { class: 'kpi-sub' }, sub),
  );
}

function renderKpis() {
  const box = document.getElementById('kpis');
  const s = state.stats && state.stats.total;
  if (!s) {
    box.replaceChildren(h('div', { class: 'muted' }, t('common.loading')));
    return;
  }
  box.replaceChildren(
    kpi(
      t('kpi.openEscalations'),
      fmtNumber(s.openEscalations.total),
      t('kpi.split', { d: s.openEscalations.district, c: s.openEscalations.city }),
      s.openEscalations.city > 0 ? 'danger' : s.openEscalations.total > 0 ? 'warn' : 'ok',
      'kpi-escalations',
    ),
    kpi(t('kpi.overdue'), fmtNumber(s.overdue), t('kpi.overdueSub'), s.overdue > 0 ? 'warn' : 'ok', 'kpi-overdue'),
    kpi(
      t('kpi.openCases'),
      fmtNumber(s.openCases.total),
      t('kpi.openCasesSub', { r: s.openCases.byStage.reported, v: s.openCases.byStage.verifying }),
      'neutral',
      'kpi-open',
    ),
    kpi(
      t('kpi.medianTtr'),
      s.timeToResolve.medianMs === null ? t('common.none') : fmtDuration(s.timeToResolve.medianMs),
      s.timeToResolve.resolved > 0
        ? t('kpi.p90', { x: fmtDuration(s.timeToResolve.p90Ms), n: s.timeToResolve.resolved })
        : t('kpi.noResolved'),
      'neutral',
      'kpi-ttr',
    ),
    kpi(
      t('kpi.staffGap'),
      fmtNumber(s.staffing.caseworkersMissing),
      t('kpi.staffSub', { s: s.staffing.streetsWithoutCaseworker.length }),
      s.staffing.caseworkersMissing > 0 ? 'warn' : 'ok',
      'kpi-staff',
    ),
  );
}

function renderStreamStatus() {
  const pill = document.getElementById('stream-status');
  if (!pill) return;
  pill.dataset.status = state.streamStatus;
  pill.className = `live-pill live-${state.streamStatus}`;
  pill.replaceChildren(h('span', { class: 'live-dot', 'aria-hidden': 'true' }), t(`feed.${state.streamStatus}`));
}

function renderFeed() {
  const list = document.getElementById('feed');
  if (!list) return;
  if (state.feed.length === 0) {
    list.replaceChildren(h('li', { class: 'empty' }, t('feed.empty')));
    return;
  }
  const now = Date.now();
  list.replaceChildren(
    ...state.feed.map((e) => {
      const fresh = state.fresh.has(e.escalationId);
      const resolved = e.status === 'resolved';
      const arrive = fresh && !state.arrived.has(`${e.escalationId}:${state.fresh.get(e.escalationId).at}`);
      if (arrive) state.arrived.add(`${e.escalationId}:${state.fresh.get(e.escalationId).at}`);
      return h(
        'li',
        {
          class: `feed-item level-${e.level}${resolved ? ' resolved' : ''}${fresh ? ' fresh' : ''}${arrive ? ' arrive' : ''}`,
          'data-testid': 'feed-item',
          'data-escalation-id': e.escalationId,
          'data-case-id': e.caseId,
          'data-warning-id': e.warningId,
          'data-level': e.level,
          'data-status': e.status,
        },
        h(
          'a',
          // A warning's late verification (clock warningVerify, §8) links to the warning: it has no case yet.
          {
            href: e.warningId ? `#/warnings/${encodeURIComponent(e.warningId)}` : `#/cases/${encodeURIComponent(e.caseId)}`,
            class: 'feed-link',
          },
          h(
            'div',
            { class: 'feed-main' },
            levelBadge(e.level),
            fresh ? badge('new', t('feed.new')) : null,
            h('span', { class: 'feed-street' }, nameOf(e.streetCode)),
            h('span', { class: 'feed-clock' }, t(`clock.${e.clock}`)),
          ),
          h(
            'div',
            { class: 'feed-meta' },
            h('span', {}, e.stage ? t(`stage.${e.stage}`) : t('feed.warning')),
            h('span', {}, t('feed.due', { t: fmtDateTime(e.dueAt) })),
            h(
              'span',
              { class: resolved ? 'ok' : 'warn' },
              resolved
                ? t('feed.resolvedIn', { d: fmtDuration(e.timeToResolveMs) })
                : t('feed.open', { d: fmtDuration(now - Date.parse(e.escalatedAt)) }),
            ),
          ),
          h('time', { class: 'feed-time', datetime: e.escalatedAt }, fmtTime(e.escalatedAt)),
        ),
      );
    }),
  );
}

const HEAT_TONES = { danger: '196, 43, 28', load: '29, 78, 216' };

/** Background intensity for a value against the column's maximum (0 stays white). */
function heat(cell, value, max, tone) {
  if (!value || !max) return cell;
  const ratio = Math.min(1, value / max);
  const alpha = tone === 'danger' ? 0.1 + 0.62 * ratio : 0.06 + 0.3 * ratio;
  cell.style.backgroundColor = `rgba(${HEAT_TONES[tone]}, ${alpha.toFixed(3)})`;
  if (tone === 'danger' && ratio > 0.55) cell.style.color = '#fff';
  return cell;
}

function heatRows() {
  const stats = state.stats;
  if (!stats) return { title: '', rows: [] };
  const byDistrict = stats.scope.level === 'city';
  return { title: t(byDistrict ? 'heat.titleDistricts' : 'heat.titleStreets'), rows: byDistrict ? stats.districts : stats.streets };
}

function renderHeat() {
  const table = document.getElementById('heat');
  if (!table) return;
  const { title, rows } = heatRows();
  document.getElementById('heat-title').textContent = title;
  if (!state.stats) {
    table.replaceChildren();
    return;
  }
  // Red for what needs a supervisor's attention, blue for plain workload.
  const columns = [
    ['heat.district', (r) => r.openEscalations.district, fmtNumber, 'danger'],
    ['heat.city', (r) => r.openEscalations.city, fmtNumber, 'danger'],
    ['heat.overdue', (r) => r.overdue, fmtNumber, 'danger'],
    ['heat.open', (r) => r.openCases.total, fmtNumber, 'load'],
    ['heat.reminders', (r) => r.remindersSent, fmtNumber, 'load'],
    ['heat.median', (r) => r.timeToResolve.medianMs, fmtDuration, 'danger'],
  ];
  const max = columns.map(([, get]) => Math.max(0, ...rows.map((r) => get(r) || 0)));
  const total = state.stats.total;
  fill(
    table,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, t('heat.unit')),
        columns.map(([key]) => h('th', { scope: 'col', class: 'num' }, t(key))),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          { 'data-code': r.code },
          h('th', { scope: 'row' }, nameOf(r.code)),
          columns.map(([, get, fmt, tone], i) =>
            heat(h('td', { class: 'num' }, get(r) === null ? t('common.none') : fmt(get(r))), get(r), max[i], tone),
          ),
        ),
      ),
    ),
    rows.length > 1
      ? h(
          'tfoot',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, t('heat.total')),
            columns.map(([, get, fmt]) => h('td', { class: 'num' }, get(total) === null ? t('common.none') : fmt(get(total)))),
          ),
        )
      : null,
  );
}

function renderOverdue() {
  const table = document.getElementById('overdue');
  if (!table) return;
  const now = Date.now();
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      ['overdue.case', 'overdue.street', 'overdue.stage', 'overdue.clock', 'overdue.due', 'overdue.late', 'overdue.level'].map((k) =>
        h('th', { scope: 'col', class: k === 'overdue.late' ? 'num' : '' }, t(k)),
      ),
    ),
  );
  if (state.overdue.length === 0) {
    table.replaceChildren(
      head,
      h('tbody', {}, h('tr', {}, h('td', { colspan: 7, class: 'empty' }, state.stats ? t('overdue.empty') : t('common.loading')))),
    );
    return;
  }
  table.replaceChildren(
    head,
    h(
      'tbody',
      {},
      state.overdue.map((c) =>
        h(
          'tr',
          {
            'data-testid': 'overdue-row',
            'data-case-id': c.caseId,
            class: 'clickable',
            onclick: () => (location.hash = `#/cases/${encodeURIComponent(c.caseId)}`),
          },
          h('td', {}, h('a', { href: `#/cases/${encodeURIComponent(c.caseId)}`, class: 'mono' }, shortCaseId(c.caseId))),
          h('td', {}, nameOf(c.streetCode)),
          h('td', {}, stageBadge(c.stage)),
          h('td', {}, c.nextDueClock ? t(`clock.${c.nextDueClock}`) : t('common.none')),
          h('td', {}, fmtDateTime(c.nextDueAt)),
          h('td', { class: 'num late' }, fmtDuration(now - Date.parse(c.nextDueAt))),
          h('td', {}, c.escalationLevel === 2 ? levelBadge('city') : c.escalationLevel === 1 ? levelBadge('district') : t('common.none')),
        ),
      ),
    ),
  );
}

function renderStaffing() {
  const table = document.getElementById('staffing');
  if (!table) return;
  if (!state.stats) {
    table.replaceChildren();
    return;
  }
  const { rows } = heatRows();
  const line = (label, f, code) =>
    h(
      'tr',
      code ? { 'data-code': code } : {},
      h('th', { scope: 'row' }, label),
      h('td', { class: 'num' }, fmtNumber(f.staffing.peopleInDifficulty)),
      h('td', { class: 'num' }, fmtNumber(f.staffing.fullTimeCaseworkers)),
      h('td', { class: 'num' }, fmtNumber(f.staffing.peoplePerCaseworker, 0)),
      h('td', { class: 'num' }, fmtNumber(f.staffing.caseworkersRequired)),
      h('td', { class: f.staffing.caseworkersMissing > 0 ? 'num bad' : 'num' }, fmtNumber(f.staffing.caseworkersMissing)),
      h(
        'td',
        { class: f.staffing.streetsWithoutCaseworker.length ? 'bad' : '' },
        f.staffing.streetsWithoutCaseworker.map(nameOf).join('、') || t('common.none'),
      ),
      h(
        'td',
        { class: 'num', title: f.staffing.committeesWithoutDesignatedWorker.map(nameOf).join('\n') },
        `${f.staffing.committeesWithoutDesignatedWorker.length} / ${f.staffing.committees}`,
      ),
      h('td', {}, f.staffing.meetsStandard ? badge('ok', t('staff.ok')) : badge('warn', t('staff.gap'))),
    );
  fill(
    table,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, t('heat.unit')),
        ['staff.people', 'staff.caseworkers', 'staff.ratio', 'staff.required', 'staff.missing'].map((k) =>
          h('th', { scope: 'col', class: 'num' }, t(k)),
        ),
        h('th', { scope: 'col' }, t('staff.noCaseworker')),
        h('th', { scope: 'col', class: 'num' }, t('staff.noWorker')),
        h('th', { scope: 'col' }, ''),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) => line(nameOf(r.code), r, r.code)),
    ),
    rows.length > 1 ? h('tfoot', {}, line(t('heat.total'), state.stats.total)) : null,
  );
}

// ---------------------------------------------------------------------------------------------
// Case page
// ---------------------------------------------------------------------------------------------

const ESCALATION_EVENTS = new Set(['escalated', 'escalation-raised', 'escalation-resolved']);
/** Event details worth a line on the timeline (personal data such as findings stays in the case file). */
const DETAIL_KEYS = [
  'clock',
  'level',
  'dueAt',
  'resolution',
  'timeToResolveMs',
  'reason',
  'outcome',
  'assistanceType',
  'amount',
  'toStreetCode',
  'assigneeId',
  'response',
  'organisationId',
  'channel',
  'recipient',
];

function detailText(key, value) {
  if (key === 'clock') return t(`clock.${value}`);
  if (key === 'channel') return has(`channel.${value}`) ? t(`channel.${value}`) : String(value);
  if (key === 'recipient') {
    // A user id, or "<role>:<jurisdiction>" when nobody is assigned yet.
    const [role, code] = String(value).split(':');
    return t('case.notified', { who: code ? `${nameOf(code)} ${roleLabel(role)}` : String(value) });
  }
  if (key === 'level') return t(`level.${value}`);
  if (key === 'dueAt') return t('feed.due', { t: fmtDateTime(value) });
  if (key === 'timeToResolveMs') return fmtDuration(value);
  if (key === 'toStreetCode') return `→ ${nameOf(value)}`;
  if (typeof value === 'object') return null;
  return String(value);
}

function actorText(actorId) {
  if (actorId === 'system') return t('common.system');
  // Reports filed without a signed-in reporter are attributed to the report itself.
  if (actorId.startsWith('report:')) return t('common.report');
  return actorId;
}

async function renderCase(caseId) {
  view().replaceChildren(h('div', { class: 'card muted' }, t('common.loading')));
  let file;
  let link = null;
  try {
    [file, link] = await Promise.all([
      apiGet(`/api/v1/cases/${encodeURIComponent(caseId)}`),
      apiGet(`/api/v1/cases/${encodeURIComponent(caseId)}/workflow`).catch(() => null),
    ]);
  } catch (err) {
    return showPageError(err, 'case.notFound');
  }
  if (currentRoute().name !== 'case' || currentRoute().caseId !== caseId) return;

  const info = (label, value) => h('div', { class: 'info' }, h('dt', {}, label), h('dd', {}, value));
  const subject = file.subject ? `${file.subject.name} · ${file.subject.idNumberMasked}` : t('common.none');
  const temporal =
    link && link.temporalUiUrl
      ? h(
          'a',
          {
            href: link.temporalUiUrl,
            target: '_blank',
            rel: 'noopener noreferrer',
            class: 'btn btn-secondary',
            'data-testid': 'temporal-link',
          },
          t('case.temporal'),
          ' ↗',
        )
      : link
        ? h('span', { class: 'muted mono small', 'data-testid': 'workflow-id' }, t('case.workflow', { id: link.workflowId }))
        : null;

  const deadlines = file.deadlines.length
    ? h(
        'ul',
        { class: 'deadlines' },
        file.deadlines.map((d) =>
          h(
            'li',
            { class: Date.parse(d.dueAt) < Date.now() && !d.paused ? 'late' : '' },
            h('span', { class: 'deadline-clock' }, t(`clock.${d.clock}`)),
            h('span', {}, fmtDateTime(d.dueAt)),
            d.paused ? badge('muted', t('case.paused')) : null,
            d.escalationLevel === 2 ? levelBadge('city') : d.escalationLevel === 1 ? levelBadge('district') : null,
          ),
        ),
      )
    : h('p', { class: 'muted' }, t('common.none'));

  const events = file.events.map((e) => {
    const escalation = ESCALATION_EVENTS.has(e.type);
    const details = DETAIL_KEYS.filter((k) => e.details && e.details[k] !== undefined && e.details[k] !== null)
      .map((k) => detailText(k, e.details[k]))
      .filter(Boolean);
    const kind =
      e.type === 'escalation-resolved'
        ? 'resolved'
        : e.type === 'escalation-raised'
          ? 'city'
          : e.type === 'escalated'
            ? 'district'
            : e.type === 'reminder'
              ? 'reminder'
              : 'action';
    return h(
      'li',
      { class: `tl-item tl-${kind}${escalation ? ' tl-escalation' : ''}`, 'data-testid': 'timeline-event', 'data-type': e.type },
      h('span', { class: 'tl-dot', 'aria-hidden': 'true' }),
      h(
        'div',
        { class: 'tl-body' },
        h(
          'div',
          { class: 'tl-head' },
          h('span', { class: 'tl-title' }, has(`event.${e.type}`) ? t(`event.${e.type}`) : e.type),
          escalation ? badge(kind === 'resolved' ? 'ok' : kind, kind === 'resolved' ? t('status.resolved') : t(`level.${kind}`)) : null,
          h('time', { class: 'tl-time', datetime: e.at }, fmtDateTime(e.at)),
        ),
        h(
          'div',
          { class: 'tl-meta' },
          e.fromStage && e.toStage && e.fromStage !== e.toStage
            ? h('span', {}, `${t(`stage.${e.fromStage}`)} → ${t(`stage.${e.toStage}`)}`)
            : null,
          h('span', {}, t('case.by', { a: actorText(e.actorId) })),
          details.length ? h('span', { class: 'tl-details' }, details.join(' · ')) : null,
        ),
      ),
    );
  });

  view().replaceChildren(
    h(
      'div',
      { class: 'case-page', 'data-testid': 'case-page', 'data-case-id': file.caseId },
      h('a', { href: '#/', class: 'back', 'data-testid': 'back' }, t('case.back')),
      h(
        'div',
        { class: 'page-head' },
        h(
          'div',
          {},
          h('h1', { class: 'page-title mono-title' }, t('case.title', { id: file.caseId })),
          h(
            'div',
            { class: 'badges' },
            stageBadge(file.stage),
            file.urgency === 'urgent' ? badge('urgent', t('urgency.urgent')) : null,
            file.escalationLevel > 0 ? levelBadge(file.escalationLevel === 2 ? 'city' : 'district') : null,
          ),
        ),
        temporal,
      ),
      h(
        'div',
        { class: 'grid-case' },
        h(
          'section',
          { class: 'card' },
          h('dl', { class: 'info-grid' }, [
            info(t('case.street'), `${nameOf(file.streetCode)} · ${nameOf(file.districtCode)}`),
            info(t('case.urgency'), t(`urgency.${file.urgency}`)),
            info(t('case.assignee'), file.assigneeId || t('common.none')),
            info(t('case.opened'), fmtDateTime(file.openedAt)),
            info(t('case.nextDue'), fmtDateTime(file.nextDueAt)),
            info(t('case.subject'), subject),
          ]),
          h('h3', { class: 'section-title' }, t('case.deadlines')),
          deadlines,
        ),
        h(
          'section',
          { class: 'card' },
          h(
            'div',
            { class: 'card-head' },
            h('h2', {}, t('case.timeline')),
            h('span', { class: 'muted small' }, t('case.events', { n: file.events.length })),
          ),
          h('ol', { class: 'timeline', 'data-testid': 'timeline' }, events),
        ),
      ),
    ),
  );
}

/** A warning (§8) reached from its escalation in the feed: what was found, by when it must be verified, its case. */
/** A case or warning page that could not be loaded: sign out on 401, else say why with a way back. */
function showPageError(err, notFoundKey) {
  if (err instanceof ApiError && err.status === 401) return signOut();
  const message = err instanceof ApiError && err.status === 404 ? t(notFoundKey) : t('common.error', { m: err.message });
  view().replaceChildren(
    h(
      'div',
      { class: 'case-page' },
      h('a', { href: '#/', class: 'back' }, t('case.back')),
      h('div', { class: 'alert', role: 'alert' }, message),
    ),
  );
}

async function renderWarning(warningId) {
  view().replaceChildren(h('div', { class: 'card muted' }, t('common.loading')));
  let w;
  try {
    w = await apiGet(`/api/v1/warnings/${encodeURIComponent(warningId)}`);
  } catch (err) {
    return showPageError(err, 'warning.notFound');
  }
  if (currentRoute().name !== 'warning' || currentRoute().warningId !== warningId) return;
  const info = (label, value) => h('div', { class: 'info' }, h('dt', {}, label), h('dd', {}, value));
  const subject = w.subject ? `${w.subject.name} · ${w.subject.idNumberMasked ?? ''}` : t('common.none');
  const reasons = w.reasons.map((r) =>
    h(
      'li',
      { class: 'tl-item', 'data-testid': 'warning-reason' },
      h('span', {}, r.occurredAt),
      h('span', {}, ` · ${r.kind} · ${r.source}`),
      r.amount !== undefined ? h('span', {}, ` · ¥${r.amount}`) : null,
    ),
  );
  view().replaceChildren(
    h(
      'div',
      { class: 'case-page', 'data-testid': 'warning-page', 'data-warning-id': w.warningId },
      h('a', { href: '#/', class: 'back', 'data-testid': 'back' }, t('case.back')),
      h(
        'div',
        { class: 'page-head' },
        h(
          'div',
          {},
          h('h1', { class: 'page-title mono-title' }, t('warning.title', { id: w.warningId })),
          h(
            'div',
            { class: 'badges' },
            badge(w.level === 'red' ? 'city' : 'district', t(`warning.level.${w.level}`)),
            badge('stage', t(`warning.status.${w.status}`)),
            w.escalationLevel > 0 ? levelBadge(w.escalationLevel === 2 ? 'city' : 'district') : null,
          ),
        ),
      ),
      h(
        'section',
        { class: 'card' },
        h('dl', { class: 'info-grid' }, [
          info(t('case.street'), `${nameOf(w.streetCode)} · ${nameOf(w.districtCode)}`),
          info(t('warning.rule'), w.ruleId),
          info(t('warning.raised'), fmtDateTime(w.raisedAt)),
          info(t('warning.verifyDue'), fmtDateTime(w.verifyDueAt)),
          info(t('case.subject'), subject),
          info(
            t('warning.case'),
            w.caseId ? h('a', { href: `#/cases/${encodeURIComponent(w.caseId)}`, class: 'mono' }, shortCaseId(w.caseId)) : t('common.none'),
          ),
        ]),
        h('h3', { class: 'section-title' }, t('warning.reasons')),
        h('ol', { class: 'timeline' }, reasons),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Routing
// ---------------------------------------------------------------------------------------------

function currentRoute() {
  const match = /^#\/cases\/([^/?#]+)/.exec(location.hash);
  if (match) return { name: 'case', caseId: decodeURIComponent(match[1]) };
  const warning = /^#\/warnings\/([^/?#]+)/.exec(location.hash);
  if (warning) return { name: 'warning', warningId: decodeURIComponent(warning[1]) };
  return { name: 'overview' };
}

async function route() {
  if (!state.token) {
    renderSignIn();
    return;
  }
  const r = currentRoute();
  if (r.name === 'case') await renderCase(r.caseId);
  else if (r.name === 'warning') await renderWarning(r.warningId);
  else renderOverview();
}

function render() {
  applyStaticLabels();
  renderChrome();
  void route();
}

async function loadNames() {
  // The tree is public reference data for any signed-in user; before sign-in codes stand for names.
  if (!state.token || state.names.size > 0) return;
  try {
    const root = await apiGet('/api/v1/jurisdictions');
    const walk = (node) => {
      state.names.set(node.code, node);
      for (const child of node.children) walk(child);
    };
    walk(root);
  } catch {
    // Codes are shown instead of names.
  }
}

async function start() {
  setLang(getLang());
  document.getElementById('lang-toggle').addEventListener('click', () => {
    setLang(getLang() === 'zh' ? 'en' : 'zh');
    render();
  });
  document.getElementById('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', () => void route());
  setInterval(() => {
    if (currentRoute().name === 'overview') {
      renderFeed();
      renderOverdue();
    }
  }, 15_000);

  const token = getToken();
  if (token && signIn(token)) {
    await enterDashboard();
    return;
  }
  applyStaticLabels();
  state.devUsers = await devUsers();
  if (state.devUsers) await loadDevNames();
  renderChrome();
  renderSignIn();
}

/** Before sign-in the jurisdiction tree needs a token; a development user's own token is enough. */
async function loadDevNames() {
  const first = state.devUsers[0];
  if (!first) return;
  try {
    const root = await apiGet('/api/v1/jurisdictions', await devToken(first.id));
    const walk = (node) => {
      state.names.set(node.code, node);
      for (const child of node.children) walk(child);
    };
    walk(root);
  } catch {
    // Codes are shown instead of names.
  }
}

// Module scripts run once the document is parsed.
void start();
