/**
 * The screen registry. A screen is one file that registers its routes; to add a screen
 * (e.g. TX01 payment entry), write `screens/<name>.tsx` exporting a `Screen` and list it in `SCREENS`.
 * Screens with a `menu` entry appear in the navigation frame, ordered by `menu.order`.
 */
import type { BankApp } from '../app-env.js';

export interface MenuEntry {
  label: string;
  href: string;
  /** Frame to open the link in: 'content' for screens, '_top' for logout. */
  target: 'content' | '_top';
  order: number;
}

export interface ScreenContext {
  /** The menu of the navigation frame, from every registered screen. */
  menu: MenuEntry[];
}

export interface Screen {
  /** Legacy transaction code shown in the title bar, e.g. "AE01". */
  code: string;
  title: string;
  menu?: MenuEntry;
  register(app: BankApp, ctx: ScreenContext): void;
}
