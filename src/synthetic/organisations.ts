// The demo organisations: one per agency key of the synthetic registry, with units in the
// departments where most cases happen. Names follow the real institutions' styles; the NGO is
// invented and says so.
import type { SyntheticRecord } from './registry.ts';

export interface DemoUnit {
  readonly name: string;
  /** INEI district (6 digits). */
  readonly ubigeo: string;
  readonly isShelter: boolean;
}

export interface DemoOrganisation {
  /** The agency key: the `source` of its synthetic records. */
  readonly key: string;
  readonly name: string;
  /** A `TIPO_ORGANIZACION` code. */
  readonly orgType: string;
  /** An `ENTIDAD` code. */
  readonly entity: string;
  readonly units: readonly DemoUnit[];
}

const LIMA = '150101';
const IQUITOS = '160101';
const CUSCO = '080101';
const PUERTO_MALDONADO = '170101';
const PUNO = '210101';
const AREQUIPA = '040101';
const PUCALLPA = '250101';

const ORGANISATIONS: readonly DemoOrganisation[] = [
  {
    key: 'PNP',
    name: 'DIRCTPTIM Lima – Policía Nacional del Perú',
    orgType: 'POLICIA',
    entity: 'PNP',
    units: [
      { name: 'DIRCTPTIM Lima', ubigeo: LIMA, isShelter: false },
      { name: 'Unidad contra la Trata de Personas – Loreto (Iquitos)', ubigeo: IQUITOS, isShelter: false },
      { name: 'Unidad contra la Trata de Personas – Cusco', ubigeo: CUSCO, isShelter: false },
      { name: 'Unidad contra la Trata de Personas – Madre de Dios', ubigeo: PUERTO_MALDONADO, isShelter: false },
      { name: 'Unidad contra la Trata de Personas – Puno', ubigeo: PUNO, isShelter: false },
      { name: 'Unidad contra la Trata de Personas – Arequipa', ubigeo: AREQUIPA, isShelter: false },
    ],
  },
  {
    key: 'MP',
    name: 'Fiscalía Especializada en Trata de Personas de Loreto – Ministerio Público',
    orgType: 'FISCALIA',
    entity: 'MINISTERIO_PUBLICO',
    units: [
      { name: 'Fiscalía Especializada en Trata de Personas de Loreto', ubigeo: IQUITOS, isShelter: false },
      { name: 'Fiscalía Especializada en Trata de Personas de Lima', ubigeo: LIMA, isShelter: false },
      { name: 'Fiscalía Especializada en Trata de Personas de Cusco', ubigeo: CUSCO, isShelter: false },
      { name: 'Fiscalía Especializada en Trata de Personas de Madre de Dios', ubigeo: PUERTO_MALDONADO, isShelter: false },
      { name: 'UDAVIT Madre de Dios', ubigeo: PUERTO_MALDONADO, isShelter: false },
      { name: 'Hogar de refugio temporal del Ministerio Público – Lima', ubigeo: LIMA, isShelter: true },
    ],
  },
  {
    key: 'MIMP',
    name: 'MIMP – CEM Iquitos y UPE Cusco',
    orgType: 'UNIDAD_MIMP',
    entity: 'MIMP',
    units: [
      { name: 'CEM Iquitos', ubigeo: IQUITOS, isShelter: false },
      { name: 'UPE Cusco', ubigeo: CUSCO, isShelter: false },
      { name: 'UPE Lima', ubigeo: LIMA, isShelter: false },
      { name: 'UPE Madre de Dios', ubigeo: PUERTO_MALDONADO, isShelter: false },
      { name: 'CEM Pucallpa', ubigeo: PUCALLPA, isShelter: false },
      { name: 'CAR especializado para adolescentes – Lima', ubigeo: LIMA, isShelter: true },
    ],
  },
  {
    key: 'ONG',
    name: 'Centro de Atención – ONG Ejemplo (sintético)',
    orgType: 'ONG',
    entity: 'ONG',
    units: [
      { name: 'Centro de Atención Legal y Psicosocial – Lima', ubigeo: LIMA, isShelter: false },
      { name: 'Centro de Atención – Cusco', ubigeo: CUSCO, isShelter: false },
      { name: 'Centro de Atención – Puerto Maldonado', ubigeo: PUERTO_MALDONADO, isShelter: false },
      { name: 'Casa de acogida – Cusco', ubigeo: CUSCO, isShelter: true },
    ],
  },
];

/** The demo organisations, one per agency key of `DEFAULT_AGENCY_PROFILES` (PNP, MP, MIMP, ONG). */
export function demoOrganisations(): readonly DemoOrganisation[] {
  return ORGANISATIONS;
}

/**
 * The unit of the record's agency that would register it: the first non-shelter unit in the
 * record's department, else the agency's first (head) unit. Undefined for an unknown agency.
 */
export function demoUnitFor(record: Pick<SyntheticRecord, 'agency' | 'record'>, organisations: readonly DemoOrganisation[] = ORGANISATIONS): DemoUnit | undefined {
  const organisation = organisations.find((o) => o.key === record.agency);
  if (!organisation) return undefined;
  const department = record.record.department;
  return organisation.units.find((u) => !u.isShelter && department !== '' && u.ubigeo.startsWith(department)) ?? organisation.units[0];
}
