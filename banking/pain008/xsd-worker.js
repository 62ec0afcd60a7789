// The XSD validator's thread: libxml2 (WebAssembly) loaded here, in plain JavaScript, in a worker
// started without the TypeScript loader. Loaded through the loader, libxml2's 1 MB module cost the
// process about 150 MB of memory; here it costs about 17 MB, and validation runs beside the writer.
// Messages in: { id, xml }. Out: { ready: true } | { ready: false, error } once, then { id, problems } |
// { id, error } per document. A problem is { line, message }.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const lib = await import('libxml2-wasm');
let schemaDoc;
let validator;
try {
  schemaDoc = lib.XmlDocument.fromBuffer(readFileSync(workerData.file), { url: workerData.file });
  validator = lib.XsdValidator.fromDoc(schemaDoc);
  parentPort.postMessage({ ready: true });
} catch (err) {
  parentPort.postMessage({ ready: false, error: String(err && err.message ? err.message : err).slice(0, 500) });
}

const problemsOf = (err) => (err.details ?? []).map((d) => ({ line: d.line ?? 0, message: String(d.message).trim() }));

parentPort.on('message', ({ id, xml }) => {
  let doc;
  try {
    doc = lib.XmlDocument.fromString(xml);
  } catch (err) {
    const problems = problemsOf(err);
    parentPort.postMessage({ id, problems: problems.length ? problems : [{ line: 0, message: String(err.message) }] });
    return;
  }
  try {
    validator.validate(doc);
    parentPort.postMessage({ id, problems: [] });
  } catch (err) {
    if (err instanceof lib.XmlValidateError) parentPort.postMessage({ id, problems: problemsOf(err) });
    else parentPort.postMessage({ id, error: String(err.message) });
  } finally {
    doc.dispose();
  }
});
