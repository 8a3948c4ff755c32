import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The suites run in parallel on a 2-core machine: give asynchronous queries time to settle.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);
