// Peru's departments drawn flat: one projection (equirectangular, squeezed by the cosine of Peru's
// middle latitude) for the PDF report's map and the web dashboard's, and the department outlines as
// SVG paths so that a browser gets a few kilobytes of drawing instead of the GeoJSON. Pure.
import type { DepartmentShapes } from './report.ts';

/** Longitude and latitude span of Peru, with a margin. */
const WEST = -81.5;
const EAST = -68.5;
const SOUTH = -18.5;
const NORTH = 0.1;
const SQUEEZE = Math.cos((9 * Math.PI) / 180);

export interface PeruProjection {
  /** Drawing width and height actually used (the map keeps its proportions inside the box). */
  width: number;
  height: number;
  project(point: readonly [number, number]): readonly [number, number];
}

/** Es: proyección del Perú dentro de un recuadro. En: Peru projected into a box (origin top left, y down). */
export function peruProjection(box: { width: number; height: number }, origin: readonly [number, number] = [0, 0]): PeruProjection {
  const scale = Math.min(box.width / ((EAST - WEST) * SQUEEZE), box.height / (NORTH - SOUTH));
  return {
    width: (EAST - WEST) * SQUEEZE * scale,
    height: (NORTH - SOUTH) * scale,
    project: ([lon, lat]) => [origin[0] + (lon - WEST) * SQUEEZE * scale, origin[1] + (NORTH - lat) * scale] as const,
  };
}

export interface DepartmentPath {
  code: string;
  /** SVG path data, in the units of the map's viewBox. */
  d: string;
}

/**
 * Es: los contornos de los departamentos como trazos SVG.
 * En: the department outlines as SVG paths (points closer than `tolerance` units to the last kept one are dropped).
 */
export function departmentPaths(shapes: DepartmentShapes, width: number, tolerance = 0.6): { width: number; height: number; departments: DepartmentPath[] } {
  const projection = peruProjection({ width, height: Number.MAX_SAFE_INTEGER });
  const departments: DepartmentPath[] = [];
  for (const [code, rings] of shapes) {
    const parts: string[] = [];
    for (const ring of rings) {
      const kept: (readonly [number, number])[] = [];
      for (const point of ring) {
        const p = projection.project(point);
        const last = kept[kept.length - 1];
        if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) >= tolerance) kept.push(p);
      }
      if (kept.length < 3) continue;
      parts.push(`M${kept.map(([x, y]) => `${x.toFixed(1)} ${y.toFixed(1)}`).join('L')}Z`);
    }
    departments.push({ code, d: parts.join('') });
  }
  departments.sort((a, b) => (a.code < b.code ? -1 : 1));
  return { width: Math.round(projection.width), height: Math.round(projection.height), departments };
}
