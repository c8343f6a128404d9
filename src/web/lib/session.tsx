// Who is signed in, shared with every screen.
import { createContext, useContext } from 'react';
import type { SessionInfo } from './types.ts';

export interface SessionContextValue {
  session: SessionInfo;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in screen');
  return value;
}
