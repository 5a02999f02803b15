import { render } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router';
import { AppRoutes } from '../App';
import { AuthProvider } from '../auth/AuthProvider';
import { RealtimeProvider } from '../realtime/RealtimeProvider';

function LocationProbe() {
  const location = useLocation();
  return (
    <div hidden data-testid="location" data-search={location.search}>
      {location.pathname}
    </div>
  );
}

/** The whole app at `path`, with an in-memory router; `screen.getByTestId('location')` tells where it is
 * (its text is the path, its `data-search` the query string). */
export function renderApp(path = '/') {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider>
        <RealtimeProvider>
          <AppRoutes />
          <LocationProbe />
        </RealtimeProvider>
      </AuthProvider>
    </MemoryRouter>,
  );
}
