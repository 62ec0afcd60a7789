// The tesseract.js worker thread, with network access taken away: the model comes from
// node_modules (langPath is a folder, cacheMethod 'none') and images are given as bytes, so
// nothing is ever fetched. Should a future version try, it fails loudly instead of downloading.
'use strict';
globalThis.fetch = () => {
  // The thread ends too: a worker that failed to start would otherwise wait for ever.
  setImmediate(() => process.exit(1));
  throw new Error('the OCR worker tried to fetch over the network; it works offline only (check the model path)');
};
require('tesseract.js/src/worker-script/node/index.js');
