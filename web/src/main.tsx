import 'antd/dist/reset.css';
import './a11y.css';
import './i18n/index.ts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { makeScrollRegionsFocusable } from './scrollRegions.ts';

const queryClient = new QueryClient();
const root = document.getElementById('root')!;
makeScrollRegionsFocusable(root);

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
