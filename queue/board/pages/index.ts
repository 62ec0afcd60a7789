/** Every page of the board (operators' and exception handlers'), mounted by `../app.ts`. */
import type { RouteSpec } from '../routes.js';

export const pageRoutes: RouteSpec[] = [];
