// Who is acting: the signed-in user with her unit and agency, as every command and policy sees her.

export type Role = string;

export interface Actor {
  userId: string;
  unitId: string;
  agencyId: string;
  roles: readonly Role[];
  username: string;
}
