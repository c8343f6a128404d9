// What a screen has to say after an action: what was done (announced politely), what went wrong
// (announced at once).
import type { ReactNode } from 'react';

export function Messages({ notice, problem }: { notice: ReactNode; problem: string | undefined }) {
  return (
    <>
      {notice && (
        <div className="notice" role="status">
          {notice}
        </div>
      )}
      {problem && (
        <div className="alert" role="alert">
          {problem}
        </div>
      )}
    </>
  );
}
