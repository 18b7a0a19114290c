import {buildDemoWarehouse} from "./test/site/pipeline.ts";
const t = performance.now();
console.log(await buildDemoWarehouse("/tmp/site-dev/demo"), Math.round(performance.now() - t), "ms");
