/** A workspace tab whose feature has not arrived yet says what it will do. */
export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <section className="panel coming-soon">
      <h2>{title}</h2>
      <p>{what}</p>
      <p className="muted">Coming in a later release of Augment Studio.</p>
    </section>
  );
}
