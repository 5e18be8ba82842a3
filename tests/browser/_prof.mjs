import { launch, dropIn } from './harness.mjs';
const s = await launch(undefined, { runtime: true });
try {
  s.site.page('/p.html', dropIn({ body: '<p>hi</p><iframe src="https://www.youtube.com/embed/x"></iframe>' }));
  const cdp = await s.context.newCDPSession(s.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Performance.enable');
  // warm
  await s.goto('/p.html'); await s.ready();
  await cdp.send('Profiler.start');
  await s.goto('/p.html'); await s.ready(); await s.settle(300);
  const { profile } = await cdp.send('Profiler.stop');
  const { metrics } = await cdp.send('Performance.getMetrics');
  console.log(metrics.filter(m=>/Script|Task|Compile/.test(m.name)));
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas; 
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]); const cf = n.callFrame;
    const k = `${cf.functionName||'(anon)'} ${cf.url.split('/').pop()}:${cf.lineNumber}`;
    self.set(k, (self.get(k)||0) + (dt[i]||0));
  }
  const arr = [...self].sort((a,b)=>b[1]-a[1]).slice(0,30);
  for (const [k,v] of arr) console.log((v/1000).toFixed(2).padStart(8), k);
} finally { await s.close(); }
