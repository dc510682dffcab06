// Entry of the workbench: zh-CN everywhere (Ant Design's locale, dayjs 'zh-cn'), Ant Design in its
// zero-runtime mode (styles come from antd's own stylesheet file, so nothing injects <style> tags that
// the Content-Security-Policy would refuse), the session read from sessionStorage or `#token=`, and
// the service worker that keeps the app shell for offline use.
import 'antd/dist/antd.css';
import './app.css';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';
import { initSession } from './session';

dayjs.locale('zh-cn');
initSession();

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  // Registration failing (an HTTP intranet address is not a secure context) only costs offline start-up.
  navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' }).catch(() => undefined);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ zeroRuntime: true }}>
      <App />
    </ConfigProvider>
  </StrictMode>,
);
