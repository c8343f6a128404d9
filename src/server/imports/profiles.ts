// Which mapping profile an id names for an agency: a shipped one (data/profiles/), or one the
// agency saved.
import { shippedProfile, type MappingProfile } from '../../importers/index.ts';
import type { Queryable } from '../db/database.ts';

export async function profileFor(_q: Queryable, _agencyId: string, id: string): Promise<MappingProfile | undefined> {
  return shippedProfile(id);
}
