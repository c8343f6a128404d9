// Who is acting: the signed-in user with her unit and agency, as every command and policy sees her.

export type Role = string;

export interface Actor {
  userId: string;
  unitId: string;
  agencyId: string;
  /** The agency's short key (PNP, MP, …): the `source` of its records in linkage. */
  agencyKey: string;
  roles: readonly Role[];
  username: string;
  /** The ubigeo of her unit: her jurisdiction for roles that reach records by place. */
  unitUbigeo?: string | undefined;
}
