export default function CaseFileScreen({ id }: { id: string }) {
  return <p>{id}</p>;
}
