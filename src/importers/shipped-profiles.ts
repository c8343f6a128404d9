// The profiles shipped in data/profiles/, validated at load: a broken shipped profile fails loudly.
import canonico from '../../data/profiles/canonico.json' with { type: 'json' };
import htcds from '../../data/profiles/htcds.json' with { type: 'json' };
import fiscalia from '../../data/profiles/fiscalia-casos-sintetico.json' with { type: 'json' };
import mimp from '../../data/profiles/mimp-car-sintetico.json' with { type: 'json' };
import reta from '../../data/profiles/reta-pnp-sintetico.json' with { type: 'json' };
import { MappingProfile } from './profile.ts';

export const SHIPPED_PROFILES: ReadonlyMap<string, MappingProfile> = new Map(
  [canonico, reta, fiscalia, mimp, htcds].map((input) => {
    const profile = MappingProfile.parse(input);
    return [profile.id, profile] as const;
  }),
);

export function shippedProfile(id: string): MappingProfile | undefined {
  return SHIPPED_PROFILES.get(id);
}
