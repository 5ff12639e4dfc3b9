'use client';

import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

interface Toast {
  id: number;
  kind: 'success' | 'error';
  message: string;
}

const ToastContext = createContext<(message: string, kind?: Toast['kind']) => void>(() => {});

/** Short confirmations after actions whose row may move away (approve, release, status change). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const show = useCallback((message: string, kind: Toast['kind'] = 'success') => {
    const id = Date.now() + Math.random();
    setToasts((ts) => [...ts, { id, kind, message }]);
    setTimeout(() => setToasts((ts) => ts.filter((x) => x.id !== id)), 6000);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div style={{ position: 'fixed', right: 20, bottom: 20, display: 'flex', flexDirection: 'column', gap: 8, zIndex: 50, maxWidth: 420 }} aria-live="polite">
        {toasts.map((x) => (
          <div key={x.id} className={`alert ${x.kind}`} style={{ boxShadow: '0 8px 24px rgba(0,0,0,.15)' }} data-testid="toast">
            <span className="icon" aria-hidden>
              {x.kind === 'success' ? '✓' : '!'}
            </span>
            <div>{x.message}</div>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
