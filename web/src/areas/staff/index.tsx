/** Placeholder: the staff area's screens are being written. */
import type { Area } from '../../area.js';
import { Page } from '../../components/page.js';

const area: Area = {
  home: '/staff',
  Navigation: () => null,
  Screen: () => <Page title="staff">{null}</Page>,
};

export default area;
