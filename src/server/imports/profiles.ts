// Mapping profiles by id for an agency: a shipped one (data/profiles/), or one the agency saved
// (its administrator wrote it for a layout the shipped ones do not know). A saved profile is
// validated like any other when stored and again when read; retired ones are no longer offered.
import { parseProfile, SHIPPED_PROFILES, shippedProfile, type MappingProfile } from '../../importers/index.ts';
import type { Actor } from '../actor.ts';
import type { Queryable } from '../db/database.ts';
import { notFound, Problem } from '../errors.ts';

export async function profileFor(q: Queryable, agencyId: string, id: string): Promise<MappingProfile | undefined> {
  const shipped = shippedProfile(id);
  if (shipped) return shipped;
  const [row] = await q.query<{ profile: unknown }>('SELECT profile FROM import_profiles WHERE agency_id = $1 AND id = $2 AND retired_at IS NULL', [agencyId, id]);
  if (!row) return undefined;
  const reading = parseProfile(typeof row.profile === 'string' ? JSON.parse(row.profile) : row.profile);
  return reading.ok ? reading.profile : undefined;
}

export interface ProfileListing {
  profile: MappingProfile;
  /** Shipped with Enlace, or saved by the agency (who and when). */
  origin: 'shipped' | 'agency';
  savedBy?: string;
  savedAt?: string;
}

/** The shipped profiles, then the agency's own in force. */
export async function profilesOf(q: Queryable, agencyId: string): Promise<ProfileListing[]> {
  const rows = await q.query<{ profile: unknown; username: string; created_at: Date | string }>(
    'SELECT p.profile, u.username, p.created_at FROM import_profiles p JOIN users u ON u.id = p.created_by WHERE p.agency_id = $1 AND p.retired_at IS NULL ORDER BY p.id',
    [agencyId],
  );
  const own: ProfileListing[] = [];
  for (const row of rows) {
    const reading = parseProfile(typeof row.profile === 'string' ? JSON.parse(row.profile) : row.profile);
    if (reading.ok) own.push({ profile: reading.profile, origin: 'agency', savedBy: row.username, savedAt: new Date(row.created_at).toISOString() });
  }
  return [...[...SHIPPED_PROFILES.values()].map((profile) => ({ profile, origin: 'shipped' as const })), ...own];
}

/** Saves a profile for the actor's agency; its id may not be a shipped one's or one in force. */
export async function saveProfile(tx: Queryable, actor: Actor, input: unknown): Promise<MappingProfile> {
  const reading = parseProfile(input);
  if (!reading.ok) throw new Problem(422, 'problem.invalidProfile', {}, reading.errors.map((e) => ({ path: `profile.${e.path}`, key: e.message })));
  const profile = reading.profile;
  if (shippedProfile(profile.id)) throw new Problem(409, 'problem.profileExists', { profile: profile.id }, [{ path: 'profile.id', key: 'problem.profileExists' }]);
  // A retired profile's id may be taken again: the old one is replaced (batches keep their copy).
  const saved = await tx.query(
    `INSERT INTO import_profiles (agency_id, id, profile, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (agency_id, id) DO UPDATE SET profile = EXCLUDED.profile, created_by = EXCLUDED.created_by, created_at = now(), retired_at = NULL, retired_by = NULL
       WHERE import_profiles.retired_at IS NOT NULL
     RETURNING id`,
    [actor.agencyId, profile.id, JSON.stringify(profile), actor.userId],
  );
  if (saved.length === 0) throw new Problem(409, 'problem.profileExists', { profile: profile.id }, [{ path: 'profile.id', key: 'problem.profileExists' }]);
  return profile;
}

export async function retireProfile(tx: Queryable, actor: Actor, id: string): Promise<void> {
  const rows = await tx.query('UPDATE import_profiles SET retired_at = now(), retired_by = $3 WHERE agency_id = $1 AND id = $2 AND retired_at IS NULL RETURNING id', [actor.agencyId, id, actor.userId]);
  if (rows.length === 0) throw notFound();
}
