import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from './api/queryClient.js';
import { App, loadViewerPage } from './App.js';
import { startViewerEarly } from './features/viewer/earlyStart.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

const queryClient = createQueryClient();
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );

// A share link opened cold: fetch, connect and load the viewer code in parallel, before React
// runs; render once the code is here (a failed load renders too: the route's import fails again
// and the error boundary offers a reload).
const viewerPage = startViewerEarly(window.location.pathname, queryClient, loadViewerPage);
if (viewerPage) void viewerPage.then(render, render);
else render();
