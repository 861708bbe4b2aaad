/** `npm run build:web`: builds the web inspector into web/dist/ and prints the page's path. */
import { buildWeb } from './web-page.js'

console.log(await buildWeb())
