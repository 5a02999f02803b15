import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './App';
import { AuthProvider } from './auth/AuthProvider';
import { RealtimeProvider } from './realtime/RealtimeProvider';
import { initTheme } from './theme';
import './theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/components.css';
import './styles/pages.css';

initTheme();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <AuthProvider>
        <RealtimeProvider>
          <AppRoutes />
        </RealtimeProvider>
      </AuthProvider>
    </BrowserRouter>
  </StrictMode>,
);
