import { describe, expect, it } from 'vitest';
import { htmlText } from '../../../functions/channels/email/html-text';

describe('htmlText', () => {
  it('keeps paragraphs, line breaks and list items as lines; drops head, style, script and comments; decodes references', () => {
    const html = '<html><head><title>t</title><style>p{color:red}</style></head><body><!-- x --><p>Dear&nbsp;team,</p><p>Line one<br>line&#32;two &amp; &lt;three&gt; &#x20AC;5 &euro;</p><ul><li>A</li><li>B</li></ul><script>alert(1)</script><table><tr><td>x</td><td>y</td></tr></table></body></html>';
    expect(htmlText(html)).toBe('Dear team,\n\nLine one\nline two & <three> €5 €\n\n- A\n- B\n\nx y');
  });

  it('leaves an unknown or out-of-range reference as written', () => {
    expect(htmlText('<p>&bogus; &#0; &#x110000;</p>')).toBe('&bogus; &#0; &#x110000;');
  });
});
