// Server messages of statistics and reports (issue 7), Spanish first, English complete.

export const EVIDENCE_SERVER_MESSAGES: { es: Record<string, string>; en: Record<string, string> } = {
  es: {
    'problem.unknownIndicator': 'Indicador desconocido o aún no calculado: «{indicator}».',
    'problem.unknownYear': 'No hay estadísticas del año «{year}».',
    'problem.unknownView': 'Cuadro desconocido: «{view}».',
    'problem.filterNotInView': 'El cuadro «{view}» no se puede filtrar por «{dimension}».',
    'problem.unknownValue': 'Valor desconocido «{value}» de «{dimension}».',
    'problem.noStatistics': 'Todavía no hay expedientes para calcular estadísticas.',
    'problem.periodReversed': 'El periodo empieza ({from}) después de terminar ({to}).',
    'problem.statisticsPreparing': 'Las cifras protegidas de este cuadro se están preparando: vuelva a intentarlo en unos segundos.',
    'problem.statisticsUnavailable': 'Las cifras de este cuadro no se pudieron proteger a tiempo y no se publican; vuelva a intentarlo más tarde.',
  },
  en: {
    'problem.unknownIndicator': 'Unknown indicator, or not computed yet: "{indicator}".',
    'problem.unknownYear': 'There are no statistics for the year "{year}".',
    'problem.unknownView': 'Unknown table: "{view}".',
    'problem.filterNotInView': 'The "{view}" table cannot be filtered by "{dimension}".',
    'problem.unknownValue': 'Unknown value "{value}" of "{dimension}".',
    'problem.noStatistics': 'There are no case files to compute statistics from yet.',
    'problem.periodReversed': 'The period starts ({from}) after it ends ({to}).',
    'problem.statisticsPreparing': 'The protected figures of this table are being prepared: try again in a few seconds.',
    'problem.statisticsUnavailable': 'The figures of this table could not be protected in time and are not published; try again later.',
  },
};
