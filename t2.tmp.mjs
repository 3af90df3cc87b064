import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend(process.argv[2]); await tf.ready();
for (const [n,s,c] of [[32,224,3],[1000,28,1]]) {
  const x = tf.randomUniform([n,s,s,c]);
  const m = tf.tensor2d(Array.from({length:n},()=>[0.98,0.1,1,-0.1,0.98,2,0,0]));
  const f = tf.randomUniform([n,1,1,1]);
  const time = (name, fn) => { fn().dispose(); let t0=performance.now(); for(let i=0;i<5;i++){ const y=fn(); y.dataSync(); y.dispose();} console.log(n,s,c,name, ((performance.now()-t0)/5/n*1000).toFixed(1),'us/img'); };
  time('transform bil', ()=>tf.image.transform(x, m, 'bilinear','constant',0));
  time('transform nn', ()=>tf.image.transform(x, m, 'nearest','constant',0));
  time('mul', ()=>tf.mul(x,f));
  time('mul+add+clip', ()=>tf.tidy(()=>x.mul(f).add(f).clipByValue(0,1)));
  time('mean', ()=>tf.mean(x,[1,2,3],true));
  time('identity dataSync', ()=>x.clone());
  time('flipLR', ()=>tf.image.flipLeftRight(x));
  time('resizeBilinear', ()=>tf.image.resizeBilinear(x,[s,s]));
  time('cast int32', ()=>x.mul(255).cast('int32'));
}
