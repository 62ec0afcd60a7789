/** Every page of the board (operators' and exception handlers'), mounted by `../app.ts`. */
import type { RouteSpec } from '../routes.js';
import { dashboardRoutes } from './dashboard.js';
import { dispatchRoutes } from './dispatch.js';
import { exceptionRoutes } from './exceptions.js';
import { inboxRoutes } from './inbox.js';
import { itemRoutes } from './items.js';
import { queueRoutes } from './queues.js';
import { runRoutes } from './runs.js';
import { nightRoutes } from './nights.js';
import { scheduleRoutes } from './schedules.js';
import { staticRoutes } from './static.js';

export const pageRoutes: RouteSpec[] = [
  ...staticRoutes,
  ...dashboardRoutes,
  ...dispatchRoutes,
  ...runRoutes,
  ...itemRoutes,
  ...queueRoutes,
  ...scheduleRoutes,
  ...nightRoutes,
  ...inboxRoutes,
  ...exceptionRoutes,
];
