import { useEffect, useState } from 'preact/hooks';
import { listEndpoints } from '../../api/control';
import type { Endpoint } from '../../api/types';
import { ErrorNote } from '../../components/field';
import { CreateForm } from './create-form';
import { EditEndpoint } from './edit';

/** #/endpoints lists, #/endpoints/new creates, #/endpoints/edit/NAME edits. */
export function Endpoints({ arg }: { arg: string }) {
  if (arg === 'new')
    return (
      <CreateForm
        onCreated={(name) => (location.hash = `#/endpoints/edit/${encodeURIComponent(name)}`)}
      />
    );
  if (arg.startsWith('edit/')) return <EditEndpoint name={arg.slice(5)} />;
  return <EndpointList />;
}

function EndpointList() {
  const [endpoints, setEndpoints] = useState<Endpoint[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    listEndpoints()
      .then(setEndpoints)
      .catch((e: Error) => setError(e.message));
  }, []);
  return (
    <div>
      <h1>Endpoints</h1>
      <p>
        <a class="button" href="#/endpoints/new">
          Create an endpoint
        </a>
      </p>
      <ErrorNote error={error} />
      {endpoints && !endpoints.length && <p class="muted">No endpoints yet.</p>}
      {endpoints && endpoints.length > 0 && (
        <div class="scroll panel">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">State</th>
                <th scope="col">Provider</th>
                <th scope="col">Model</th>
                <th scope="col">Task</th>
                <th scope="col">Your access</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((e) => {
                const model = e.config.served_entities[0]?.external_model;
                return (
                  <tr key={e.name}>
                    <th scope="row">
                      <a href={`#/endpoints/edit/${encodeURIComponent(e.name)}`}>{e.name}</a>
                    </th>
                    <td>{e.state.ready}</td>
                    <td>
                      {e.config.served_entities.map((s) => s.external_model.provider).join(', ')}
                    </td>
                    <td>{model?.name}</td>
                    <td>{e.task ?? model?.task}</td>
                    <td>{e.permission_level ?? '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
