-- Enlace 0030: what indicator C11 reads of sentences, as open columns beside the sealed proceeding:
-- the first day the proceeding reached a sentence (first-instance judgment or early termination)
-- and the sentence's outcome as a code of RESULTADO_PROCESO (conviction, acquittal…; never the
-- judgment's words, which stay sealed).
ALTER TABLE proceedings ADD COLUMN sentenced_on date;
ALTER TABLE proceedings ADD COLUMN sentence_outcome text CHECK (sentence_outcome IS NULL OR sentence_outcome IN (
  'EN_TRAMITE', 'ARCHIVO', 'SOBRESEIMIENTO', 'TERMINACION_ANTICIPADA', 'CONCLUSION_ANTICIPADA',
  'SENTENCIA_CONDENATORIA', 'SENTENCIA_ABSOLUTORIA', 'RESERVA_DE_FALLO', 'OTRO'));

-- What the action log says in clear already: the stage reached and its day (the outcome is in the
-- action's sealed content, so it fills on the proceeding's next change or when the projections are
-- rebuilt: enlace rebuild-projections).
UPDATE proceedings p SET sentenced_on = a.day
  FROM (SELECT entity_id, min(day) AS day FROM (
          SELECT entity_id, (payload->>'on')::date AS day FROM actions
           WHERE action_type = 'proceeding.staged' AND payload->>'to' IN ('SENTENCIA_PRIMERA_INSTANCIA', 'TERMINADA_ANTICIPADAMENTE')
          UNION ALL
          SELECT entity_id, (payload->>'stageOn')::date FROM actions
           WHERE action_type = 'proceeding.opened' AND payload->>'stage' IN ('SENTENCIA_PRIMERA_INSTANCIA', 'TERMINADA_ANTICIPADAMENTE')) s
         GROUP BY entity_id) a
 WHERE a.entity_id = p.id AND p.sentenced_on IS NULL;
