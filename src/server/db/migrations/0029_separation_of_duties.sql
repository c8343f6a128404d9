-- Enlace 0029: separation of duties (issue 4). An account that administers (ADMIN: accounts and
-- roles) no longer also works cases: whoever gives privileges does not use them on victims'
-- records. From now on the server refuses the combination (src/server/policies/roles.ts,
-- `combinedWithAdministration`); accounts that already combine them are split here:
--   * the account keeps its case work and loses ADMIN, so that the victims it serves keep being
--     served — when another active account still administers (alone);
--   * otherwise (it is the last administrator) it keeps ADMIN and loses its case roles, so that
--     someone can still administer and give them to a separate account.
-- Its open sessions end, as after any change of roles. Case roles: the defaults that reach records
-- or take a step of case work, and the custom roles that do.
CREATE TEMPORARY TABLE casework_roles (code text PRIMARY KEY);
INSERT INTO casework_roles (code)
  SELECT code FROM (VALUES ('PNP_REGISTRO'), ('PNP_INVESTIGADOR'), ('FISCAL'), ('MP_UDAVIT'), ('MIMP_UPE'), ('MIMP_CEM'), ('ALBERGUE'),
                           ('ONG_GESTOR'), ('ONG_ABOGADO'), ('ONG_PSICOLOGO'), ('JUDICIAL'), ('SUPERVISOR'), ('VINCULADOR')) AS d(code)
  UNION
  SELECT code FROM custom_roles
   WHERE reach <> 'none'
      OR permissions && ARRAY['case.list', 'case.read', 'case.register', 'case.update', 'case.transition', 'case.close', 'case.refer',
                              'referral.answer', 'person.update', 'consent.record', 'import', 'linkage.review']::text[];

CREATE TEMPORARY TABLE combined_accounts AS
  SELECT id FROM users WHERE 'ADMIN' = ANY(roles) AND roles && ARRAY(SELECT code FROM casework_roles);

UPDATE sessions SET revoked_at = now() WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM combined_accounts);

UPDATE users SET roles = array_remove(roles, 'ADMIN')
 WHERE id IN (SELECT id FROM combined_accounts)
   AND EXISTS (SELECT 1 FROM users o WHERE o.active AND 'ADMIN' = ANY(o.roles) AND o.id NOT IN (SELECT id FROM combined_accounts));

UPDATE users SET roles = ARRAY(SELECT r FROM unnest(roles) AS r WHERE r NOT IN (SELECT code FROM casework_roles))
 WHERE id IN (SELECT id FROM combined_accounts) AND 'ADMIN' = ANY(roles);

DROP TABLE combined_accounts;
DROP TABLE casework_roles;
