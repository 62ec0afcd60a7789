/** Every screen of the simulator, in registration order. Add new screens here. */
import { accountEnquiryScreen } from './account-enquiry.js';
import { collectionAnswersScreen, collectionFilesScreen, collectionUploadScreen } from './collection-upload.js';
import { ddPostingsScreen } from './dd-postings.js';
import { statementsScreen } from './statements.js';
import { framesetScreen } from './frameset.js';
import { historyScreen } from './history.js';
import { loginScreen } from './login.js';
import { paymentEntryScreen } from './payment-entry.js';
import { postingsScreen } from './postings.js';
import type { Screen } from './registry.js';

export const SCREENS: readonly Screen[] = [loginScreen, framesetScreen, accountEnquiryScreen, historyScreen, paymentEntryScreen, postingsScreen, collectionUploadScreen, collectionFilesScreen, collectionAnswersScreen, ddPostingsScreen, statementsScreen];

export type { Screen, MenuEntry, ScreenContext } from './registry.js';
