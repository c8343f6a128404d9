// Case facts from the synthetic registry, as the server reads them from the projections; the
// linkage group is the synthetic person (the truth), which a perfect linker would find.
import type { CaseFact } from '../../src/evidence/index.ts';
import { generateSyntheticRegistry, toRegistration } from '../../src/synthetic/index.ts';

export const AGENCIES = [
  { key: 'PNP', name: 'Policía Nacional del Perú' },
  { key: 'MP', name: 'Ministerio Público' },
  { key: 'MIMP', name: 'MIMP' },
  { key: 'ONG', name: 'ONG' },
];

export function syntheticCaseFacts(persons: number, seed: number): CaseFact[] {
  const out: CaseFact[] = [];
  for (const s of generateSyntheticRegistry({ seed, persons })) {
    const { person, caseFile } = toRegistration(s);
    out.push({
      caseId: s.record.record_id,
      personId: s.record.record_id,
      groupId: s.truePersonId,
      agency: s.agency,
      detectionDate: caseFile.detectionDate,
      detectionUbigeo: caseFile.detectionUbigeo,
      traffickingStatus: caseFile.traffickingStatus,
      sex: person.sex,
      genderIdentity: person.genderIdentity,
      birthYear: person.birthDate ? Number(person.birthDate.slice(0, 4)) : null,
      estimatedAge: person.estimatedAge,
      minorAtDetection: caseFile.minorAtDetection,
      nationalities: person.nationalities,
      legalPurposes: caseFile.legalPurposes,
      recruitmentPlace: caseFile.recruitmentPlace,
      exploitationPlaces: caseFile.exploitationPlaces,
    });
  }
  return out;
}
