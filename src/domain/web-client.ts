// What GET /api/me/web tells the web app about the signed-in user's browser session.
export interface WebClientSettings {
  /** Minutes without input after which the app signs out (the server forgets the session then too). */
  idleMinutes: number;
  /** AES-256-GCM key for this user's drafts in this browser, base64url. */
  draftKey: string;
}
