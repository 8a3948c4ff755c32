import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The machine running the tests is often busy: wait longer for the catalog answers to render, and
// give each test room beyond Jest's 5 s default. A real failure still fails, only later.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);
