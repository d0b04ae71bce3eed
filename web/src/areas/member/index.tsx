/** Placeholder: the member area's screens are being written. */
import type { Area } from '../../area.js';
import { Page } from '../../components/page.js';

const area: Area = {
  home: '/member',
  Navigation: () => null,
  Screen: () => <Page title="member">{null}</Page>,
};

export default area;
