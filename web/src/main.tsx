// Entry of the workbench: zh-CN everywhere (Ant Design's locale, dayjs 'zh-cn'), Ant Design in its
// zero-runtime mode (styles come from antd's own stylesheet file, so no <style> tag that the
// Content-Security-Policy would refuse reaches the document; @ant-design/cssinjs is antd's own
// dependency and its documented StyleProvider), the session read from sessionStorage or `#token=`, and
// the service worker that keeps the app shell for offline use.
import 'antd/dist/antd.css';
import './app.css';
import { StyleProvider } from '@ant-design/cssinjs';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';
import { initSession } from './session';

dayjs.locale('zh-cn');

// Zero-runtime antd still registers its design tokens as CSS variables at run time, as <style> tags.
// antd.css already declares the same variables under the key of its own build (css-var-_R_0_), so the
// runtime copies go into a detached element where they neither apply nor meet the CSP.
const ANTD_CSS_VAR_KEY = 'css-var-_R_0_';
const discardedStyles = document.createElement('div');
initSession();

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  // Registration failing (an HTTP intranet address is not a secure context) only costs offline start-up.
  navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' }).catch(() => undefined);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StyleProvider container={discardedStyles}>
      <ConfigProvider locale={zhCN} theme={{ zeroRuntime: true, hashed: false, cssVar: { key: ANTD_CSS_VAR_KEY } }}>
        <App />
      </ConfigProvider>
    </StyleProvider>
  </StrictMode>,
);
