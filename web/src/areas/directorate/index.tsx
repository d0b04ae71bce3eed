/** Placeholder: the directorate area's screens are being written. */
import type { Area } from '../../area.js';
import { Page } from '../../components/page.js';

const area: Area = {
  home: '/directorate',
  Navigation: () => null,
  Screen: () => <Page title="directorate">{null}</Page>,
};

export default area;
