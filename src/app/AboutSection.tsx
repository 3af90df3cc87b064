/** What the app is, and what it does with your data: nothing leaves this browser. */
export function AboutSection() {
  return (
    <section data-testid="about">
      <h3>About and privacy</h3>
      <p>
        Augment Studio {__APP_VERSION__}. Your images never leave this browser: they are decoded, stored (IndexedDB) and processed on this
        machine. There are no analytics, no telemetry and no accounts. A Content-Security-Policy lets the page talk only to the server it came
        from, and only to fetch the app's own files. After the first visit the app works offline.
      </p>
      <p className="muted">Sample data: Fashion-MNIST subset, © 2017 Zalando SE, MIT licence.</p>
    </section>
  );
}
